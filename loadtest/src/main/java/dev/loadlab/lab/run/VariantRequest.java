package dev.loadlab.lab.run;

import dev.loadlab.simulations.SunApiRequests;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * The lab's own request to a variant outside the points (preflight, drain): the one a point sends first,
 * {@code <base>/<endpoint>/<first place>}, over HTTP/1.1 like Gatling, bounded by a timeout, and what came back.
 */
final class VariantRequest {

    /** How a request ended. */
    enum Kind { ANSWERED, TIMEOUT, CONNECTION }

    /**
     * What came back.
     *
     * @param status  the HTTP status when answered, else 0
     * @param excerpt the start of the body (one line), or why nothing came back ("connection refused")
     * @param took    from sending to the end of the answer (or the failure)
     */
    record Outcome(Kind kind, int status, String excerpt, Duration took) {

        boolean ok() {
            return kind == Kind.ANSWERED && status / 100 == 2;
        }

        /** "HTTP 404 {"error":...}", "connection refused", "no answer in 5 s". */
        String describe() {
            return kind == Kind.ANSWERED ? ("HTTP " + status + (excerpt.isEmpty() ? "" : " " + excerpt)) : excerpt;
        }
    }

    private static final int EXCERPT_CHARS = 120;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    /** The URL a point of this variant requests first. */
    static String firstUrl(String baseUrl, String endpoint) {
        return baseUrl + SunApiRequests.firstPath(endpoint);
    }

    Outcome send(String url, Duration timeout) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(Kind.ANSWERED, response.statusCode(), excerpt(response.body()), since(start));
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(Kind.CONNECTION, 0, "no connection in " + seconds(CONNECT_TIMEOUT), since(start));
        } catch (HttpTimeoutException e) {
            return new Outcome(Kind.TIMEOUT, 0, "no answer in " + seconds(timeout), since(start));
        } catch (IOException e) {
            return new Outcome(Kind.CONNECTION, 0, connectionFailure(e), since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while requesting " + url, e);
        }
    }

    /** java.net.http often reports a refused connection as a ConnectException without a message. */
    private static String connectionFailure(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().contains("refused"))) {
                return "connection refused";
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "connection failed (" + message + ")";
    }

    private static String excerpt(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "...";
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

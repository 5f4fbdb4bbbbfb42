package dev.loadlab.lab.run;

import dev.loadlab.simulations.RequestMix;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's own request to a variant outside the points (preflight, drain, warm-up): the one a point sends first,
 * over HTTP/1.1 like Gatling, bounded by a timeout, and what came back.
 */
public final class VariantRequest {

    private static final Pattern EL = Pattern.compile("#\\{([A-Za-z_][A-Za-z0-9_-]*)}");

    /**
     * The first request of a mix as a point sends it: its first sent request, each plain {@code #{column}} filled
     * from the first record of the feeders (Gatling evaluates the EL during the points; other EL is left empty here).
     */
    public record First(String method, String path, Map<String, String> headers, String body, int okStatus,
                 String template) {

        public static First of(RequestMix mix) {
            Map<String, String> record = firstRecords(mix);
            RequestMix.Request request = mix.sent().getFirst();
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach((name, value) -> headers.put(name, fill(value, record)));
            return new First(request.methodOrDefault(), fill(request.path(), record), headers,
                    request.body() == null ? null : fill(request.body(), record), request.statusOrDefault(),
                    request.path());
        }

        public String url(String baseUrl) {
            return baseUrl + path;
        }

        HttpRequest build(String baseUrl, Duration timeout) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(baseUrl))).timeout(timeout)
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::setHeader);
            return builder.build();
        }

        private static String fill(String template, Map<String, String> record) {
            Matcher el = EL.matcher(template);
            StringBuilder filled = new StringBuilder();
            while (el.find()) {
                el.appendReplacement(filled, Matcher.quoteReplacement(record.getOrDefault(el.group(1), "")));
            }
            return el.appendTail(filled).toString().replaceAll("#\\{[^}]*}", "");
        }

        private static Map<String, String> firstRecords(RequestMix mix) {
            Map<String, String> record = new LinkedHashMap<>();
            for (RequestMix.Feeder feeder : mix.feeders().values()) {
                if (feeder.records() != null) {
                    feeder.records().getFirst().forEach((key, value) -> record.put(key, String.valueOf(value)));
                } else {
                    List<List<String>> rows = csvRows(feeder);
                    for (int i = 0; rows.size() > 1 && i < rows.get(0).size() && i < rows.get(1).size(); i++) {
                        record.put(rows.get(0).get(i), rows.get(1).get(i));
                    }
                }
            }
            return record;
        }

        private static List<List<String>> csvRows(RequestMix.Feeder feeder) {
            try {
                return feeder.firstCsvRows(2);
            } catch (IOException e) {
                throw new LabException("cannot read the feeder " + feeder.csv() + ": " + e, e);
            }
        }
    }

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

        /** Answered with the status a point counts as OK. */
        boolean ok(int okStatus) {
            return kind == Kind.ANSWERED && status == okStatus;
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

    Outcome send(String baseUrl, First first, Duration timeout) {
        long start = System.nanoTime();
        String url = first.url(baseUrl);
        try {
            HttpResponse<String> response = client.send(first.build(baseUrl, timeout),
                    HttpResponse.BodyHandlers.ofString());
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

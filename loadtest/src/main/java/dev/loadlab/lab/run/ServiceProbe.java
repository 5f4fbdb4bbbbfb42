package dev.loadlab.lab.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the embedded service's health and Prometheus metrics: the lab waits on them for start-up and,
 * between points, for the previous point's backlog to drain (nothing in flight, blocking queue empty).
 */
public final class ServiceProbe {

    static final String IN_FLIGHT = "loadlab_inflight_requests";
    static final String QUEUE_DEPTH = "loadlab_blocking_pool_queue_depth";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String serviceUrl;

    public ServiceProbe(String serviceUrl) {
        this.serviceUrl = serviceUrl;
    }

    public boolean healthy() {
        try {
            int status = get("/observe/health").statusCode();
            return status >= 200 && status < 300; // 204 when no checks report details
        } catch (IOException e) {
            return false;
        }
    }

    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (healthy()) {
                return;
            }
            pause(100);
        }
        throw new LabException("the service at " + serviceUrl + " did not report healthy on /observe/health within "
                + timeout.toSeconds() + " s");
    }

    /** Requests in flight plus requests queued for the blocking pool, summed over all label sets. */
    public double backlog() throws IOException {
        String metrics = get("/observe/metrics").body();
        return sumOf(metrics, IN_FLIGHT) + sumOf(metrics, QUEUE_DEPTH);
    }

    /** Waits until the backlog is zero; returns how long that took. */
    public Duration awaitDrained(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "unknown";
        while (System.nanoTime() < deadline) {
            try {
                double backlog = backlog();
                if (backlog == 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = String.valueOf((long) backlog);
            } catch (IOException e) {
                last = e.getMessage();
            }
            pause(100);
        }
        throw new LabException("the service still had " + last + " requests in flight or queued after "
                + timeout.toSeconds() + " s; it may be stuck (see its log)");
    }

    /** Sums the samples of one Prometheus series (any labels) in a text exposition. */
    static double sumOf(String exposition, String series) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series) && (line.length() == series.length()
                    || line.charAt(series.length()) == '{' || line.charAt(series.length()) == ' ')) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                sum += Double.parseDouble(value);
            }
        }
        return sum;
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(serviceUrl + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }
}

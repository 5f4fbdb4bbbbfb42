package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's own small HTTP calls during a scenario: the stub's admin API (faults on and off, fault counts), the
 * service's metrics and health. All to loopback URLs the lab was handed by {@code EmbeddedSystem}.
 */
final class LabHttp {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    HttpResponse<String> get(String url, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    /** POSTs JSON and insists on a 2xx: the lab's own control calls must work, or the scenario means nothing. */
    String post(String url, String json) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build());
            if (response.statusCode() / 100 != 2) {
                throw new LabException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new LabException("POST " + url + " failed (" + e.getMessage() + "); is the stub still running?", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Samples of one Prometheus series in a text exposition, keyed by the value of {@code label} ("" when the
     * sample has no such label, or when {@code label} is ""); samples with the same key are added up.
     */
    static Map<String, Double> series(String exposition, String name, String label) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name) || line.length() == name.length()) {
                continue;
            }
            char next = line.charAt(name.length());
            if (next != '{' && next != ' ') {
                continue;
            }
            String key = "";
            if (next == '{' && !label.isEmpty()) {
                String labels = line.substring(name.length() + 1, line.lastIndexOf('}'));
                String prefix = label + "=\"";
                int at = labels.indexOf(prefix);
                if (at >= 0) {
                    int from = at + prefix.length();
                    key = labels.substring(from, labels.indexOf('"', from));
                }
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            values.merge(key, value, Double::sum);
        }
        return values;
    }
}

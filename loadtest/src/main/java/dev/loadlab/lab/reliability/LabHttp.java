package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.LabException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    /**
     * GET on a connection of its own, closed after the answer, as a Kubernetes probe does: it waits in the accept
     * queue like any new client, not on a kept-alive connection of the lab's.
     *
     * @return the status code; failures (refused, reset, timed out) throw
     */
    static int statusOnNewConnection(URI url, Duration timeout) throws IOException {
        int timeoutMs = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            String request = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String statusLine = in.readLine();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("no HTTP status line from " + url + ": " + statusLine);
            }
            // done at the end of the answer: Helidon says Connection: close but may close the socket later
            long contentLength = 0;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    contentLength = Long.parseLong(header.substring(15).trim());
                }
            }
            if (in.skip(contentLength) < contentLength) {
                throw new IOException("the answer from " + url + " ended before its " + contentLength + " bytes");
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }
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

package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.common.Json;
import wiremock.com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small java.net.http helpers shared by the tests. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    static HttpResponse<String> get(String url) {
        return get(url, Duration.ofSeconds(10));
    }

    static HttpResponse<String> get(String url, Duration timeout) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                               HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                                   .header("Content-Type", "application/json")
                                   .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                           HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String body) {
        return Json.node(body);
    }

    /** Milliseconds one GET takes, start to full body. */
    static long timedGetMillis(String url) {
        long start = System.nanoTime();
        HttpResponse<String> response = get(url);
        if (response.statusCode() >= 500) {
            throw new AssertionError("unexpected status " + response.statusCode());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}

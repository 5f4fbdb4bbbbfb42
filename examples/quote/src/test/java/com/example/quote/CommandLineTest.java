package com.example.quote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The service as its own process, the way a script or a load lab starts it. */
@Timeout(60)
class CommandLineTest {
    private static final Pattern READY = Pattern.compile(
            "quote-service listening on (http://127\\.0\\.0\\.1:[0-9]+) mode=async");
    // nothing listens on port 1: enough for a service that only has to start and answer /health
    private static final List<String> UPSTREAMS = List.of("--pricing-url", "http://127.0.0.1:1",
                                                          "--inventory-url", "http://127.0.0.1:1",
                                                          "--shipping-url", "http://127.0.0.1:1");

    @Test
    void prints_one_ready_line_then_answers_health() throws Exception {
        Process service = start("--port", "0", "--mode", "async");
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(service.getInputStream(), UTF_8))) {
            Matcher ready = READY.matcher(String.valueOf(stdout.readLine()));
            assertThat(ready.matches()).as("ready line").isTrue();

            try (HttpClient client = HttpClient.newHttpClient()) {
                String health = client.send(HttpRequest.newBuilder(URI.create(ready.group(1) + "/health")).build(),
                                            BodyHandlers.ofString()).body();
                assertThat(health).isEqualTo("{\"status\":\"UP\"}");
            }
        } finally {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refuses_a_bad_option_with_one_line_on_stderr_and_exit_2() throws Exception {
        Process service = start("--mode", "fast");

        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue()).isEqualTo(2);
        assertThat(new String(service.getErrorStream().readAllBytes(), UTF_8))
                .isEqualTo("quote-service: --mode must be blocking or async, got 'fast'" + System.lineSeparator());
        assertThat(service.getInputStream().readAllBytes()).isEmpty();
    }

    private static Process start(String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target", "classes").toString(), QuoteService.class.getName()));
        command.addAll(UPSTREAMS);
        command.addAll(List.of(options));
        return new ProcessBuilder(command).start();
    }
}

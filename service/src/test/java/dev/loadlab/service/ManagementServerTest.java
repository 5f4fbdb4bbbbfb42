package dev.loadlab.service;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class ManagementServerTest {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void health_is_up_while_the_heartbeat_beats_and_reports_the_carrier_wait() throws Exception {
        AtomicLong nanos = new AtomicLong(0);
        SchedulerHeartbeat heartbeat = new SchedulerHeartbeat(nanos::get);
        nanos.addAndGet(Duration.ofMillis(400).toNanos());
        heartbeat.recordBeat(Duration.ofMillis(100).toNanos()); // due at 100 ms, ran at 400 ms
        nanos.addAndGet(Duration.ofMillis(50).toNanos());

        try (ManagementServer management = ManagementServer.start("127.0.0.1", 0, heartbeat, STALL_LIMIT)) {
            HttpResponse<String> health = get(management, ManagementServer.HEALTH_PATH);

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(body(health)).containsEntry("status", "UP").containsEntry("sinceLastBeatMs", 50)
                    .containsEntry("carrierWaitMs", 300);
        }
    }

    @Test
    void health_is_down_naming_the_stall_when_no_virtual_thread_ran_for_the_stall_limit() throws Exception {
        AtomicLong nanos = new AtomicLong(0);
        SchedulerHeartbeat heartbeat = new SchedulerHeartbeat(nanos::get);
        nanos.addAndGet(STALL_LIMIT.plusMillis(1).toNanos());

        try (ManagementServer management = ManagementServer.start("127.0.0.1", 0, heartbeat, STALL_LIMIT)) {
            HttpResponse<String> health = get(management, ManagementServer.HEALTH_PATH);

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(body(health)).containsEntry("status", "DOWN").containsEntry("sinceLastBeatMs", 10_001);
            assertThat((String) body(health).get("reason")).contains("management.stall-limit 10000 ms");
        }
    }

    @Test
    void other_paths_get_a_json_404() throws Exception {
        try (ManagementServer management = ManagementServer.start("127.0.0.1", 0,
                new SchedulerHeartbeat(System::nanoTime), STALL_LIMIT)) {
            HttpResponse<String> other = get(management, "/observe/metrics");

            assertThat(other.statusCode()).isEqualTo(404);
            assertThat((String) body(other).get("error")).contains("/health only");
        }
    }

    /**
     * The reason it exists: no virtual thread gets a carrier (as in a retry storm; here spinning virtual threads
     * that never yield), and health still answers, from its platform thread. Afterwards the heartbeat reports the
     * wait. Spinners are added until the heartbeat stalls: the scheduler may run more carriers than its parallelism
     * for a while (it adds some when a virtual thread blocks in the JVM), so their number is not known in advance.
     */
    @Test
    void health_answers_while_no_virtual_thread_gets_a_carrier_and_then_reports_how_long_they_waited()
            throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        try (SchedulerHeartbeat heartbeat = SchedulerHeartbeat.start();
             ManagementServer management = ManagementServer.start("127.0.0.1", 0, heartbeat, STALL_LIMIT)) {
            Duration stalled = SchedulerHeartbeat.PERIOD.multipliedBy(3);
            try {
                while (heartbeat.sinceLastBeat().compareTo(stalled) <= 0 && spinners.size() < 256) {
                    spinners.add(Thread.ofVirtual().start(() -> {
                        while (!release.get()) {
                            Thread.onSpinWait();
                        }
                    }));
                    awaitTrue(() -> heartbeat.sinceLastBeat().compareTo(stalled) > 0, Duration.ofMillis(500));
                }
                assertThat(heartbeat.sinceLastBeat()).as("the heartbeat stalled").isGreaterThan(stalled);

                HttpResponse<String> health = get(management, ManagementServer.HEALTH_PATH);

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(heartbeat.sinceLastBeat()).as("still stalled when health answered").isGreaterThan(stalled);
            } finally {
                release.set(true);
            }
            Duration late = stalled.minus(SchedulerHeartbeat.PERIOD);
            awaitTrue(() -> heartbeat.lastLateness().compareTo(late) >= 0, Duration.ofSeconds(10));
            assertThat(heartbeat.lastLateness()).isGreaterThanOrEqualTo(late);
        }
    }

    /** Spins on this platform thread until the condition holds, for {@code atMost}. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** The line the lab reads: the service URL, then the health URL, and that URL answers. */
    @Test
    @Timeout(120)
    void main_prints_the_health_url_on_the_ready_line_when_the_management_port_is_on() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                             "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                                             "-Dserver.port=0", "-Dmanagement.port=0")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                           StandardCharsets.UTF_8))) {
            Pattern ready = Pattern.compile("loadlab service ready at http://127\\.0\\.0\\.1:\\d+,"
                                                    + " health at (http://127\\.0\\.0\\.1:\\d+/health)");
            Matcher matched = null;
            String line;
            while (matched == null && (line = out.readLine()) != null) { // ends at the process's exit at worst
                Matcher m = ready.matcher(line);
                matched = m.find() ? m : null;
            }
            assertThat(matched).as("the ready line").isNotNull();

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(matched.group(1)))
                                                              .timeout(Duration.ofSeconds(5)).build(),
                                                      HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(ManagementServer management, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management.port() + path))
                .timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> body(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readValue(response.body(), new TypeReference<>() { });
    }
}

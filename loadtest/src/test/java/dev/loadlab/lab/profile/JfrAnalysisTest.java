package dev.loadlab.lab.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary parser on a real recording, made here in the test JVM with the lab's own settings (loadlab.jfc): a
 * blocking socket read on a thread named like the blocking pool's, CPU work in this (lab) package, allocation, and
 * a virtual thread that blocks while pinned (inside a class initializer: that still pins on every JDK, 21 to 25+).
 * Nothing here depends on how long anything took.
 */
class JfrAnalysisTest {

    @TempDir
    static Path dir;

    private static Path recording;
    private static long start;
    private static long beforePinning;
    private static long end;

    @BeforeAll
    static void record() throws Exception {
        Configuration settings;
        try (InputStream in = PointProfiler.class.getResourceAsStream("loadlab.jfc")) {
            settings = Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        recording = dir.resolve("test.jfr");
        try (Recording r = new Recording(settings)) {
            r.start();
            start = System.currentTimeMillis();
            Thread pool = Thread.ofPlatform().name(POOL_PREFIX + "1").start(JfrAnalysisTest::readSlowly);
            pool.join();
            spinAndAllocate();
            beforePinning = System.currentTimeMillis();
            Thread.ofVirtual().start(() -> SlowInit.touch()).join();
            end = System.currentTimeMillis() + 1;
            r.stop();
            r.dump(recording);
        }
    }

    /** The lab's service names its pool threads so (Experiment.BLOCKING_POOL_THREADS). */
    private static final String POOL_PREFIX = "blocking-pool-";

    @Test
    void counts_samples_by_layer_and_the_pool_threads_socket_reads() throws Exception {
        JfrSummary summary = JfrAnalysis.summarise(recording, start, end, 10, new Layers(), POOL_PREFIX);

        assertThat(summary.cpuSamples()).isPositive();
        assertThat(summary.samplesByLayer().get("app")).as("the spinning is in dev.loadlab").isPositive();
        assertThat(summary.samplesByLayer().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(summary.cpuSamples());
        assertThat(summary.cpuByLayer().keySet()).containsExactly("kernel", "httpServer", "httpClient", "json", "gc",
                "app", "other");
        assertThat(summary.cpuByLayer().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(summary.pool()).isNotNull();
        assertThat(summary.pool().threads()).isEqualTo(1);
        assertThat(summary.pool().socketReadMs()).as("the read waited for the server's answer").isPositive();
        assertThat(summary.allocationBytesPerRequest()).as("allocation over 10 requests").isPositive();
        assertThat(summary.threads().source()).contains("jdk.JavaThreadStatistics");
        assertThat(summary.gc().source()).isNotBlank();
    }

    @Test
    void names_the_pinned_stack() throws Exception {
        JfrSummary summary = JfrAnalysis.summarise(recording, start, end, 10, new Layers(), null);

        assertThat(summary.pinnedEvents()).isEqualTo(1);
        assertThat(summary.topPinnedStacks()).hasSize(1);
        assertThat(String.join("\n", summary.topPinnedStacks().getFirst().frames())).contains("SlowInit");
        assertThat(summary.threads().virtualSeen()).isPositive();
        assertThat(summary.pool()).as("no pool prefix given").isNull();
    }

    @Test
    void leaves_out_what_happened_outside_the_window() throws Exception {
        JfrSummary before = JfrAnalysis.summarise(recording, start, beforePinning, 10, new Layers(), null);

        assertThat(before.pinnedEvents()).isZero();
        assertThat(before.threads().virtualSeen()).isZero();
    }

    @Test
    void round_trips_as_json(@TempDir Path out) throws Exception {
        JfrSummary summary = JfrAnalysis.summarise(recording, start, end, 10, new Layers(), POOL_PREFIX);
        Path file = out.resolve(JfrSummary.FILE);
        summary.write(file);

        assertThat(JfrSummary.read(file)).isEqualTo(summary);
    }

    @Test
    void draws_a_flame_graph_that_loads_nothing(@TempDir Path out) throws Exception {
        Path html = out.resolve(FlameGraph.FILE);
        FlameGraph.write(recording, html, start, end, "CPU: test");

        String page = Files.readString(html);
        assertThat(page).contains("CPU: test").contains("spinAndAllocate");
        assertThat(page).doesNotContainPattern("<script[^>]+src=|<link[^>]+href=|url\\(http");
    }

    private static void readSlowly() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    Thread.sleep(50); // the read under test: over the recording's 1 ms SocketRead threshold
                    out.write(42);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
                assertThat(client.getInputStream().read()).isEqualTo(42);
            }
            answer.join();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Enough work for several 10 ms samples, whatever the machine's speed: until 30 samples' worth of CPU ran. */
    static long spinAndAllocate() {
        List<byte[]> kept = new ArrayList<>();
        long cpuStart = cpuNanos();
        long x = 0;
        while (cpuNanos() - cpuStart < 300_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                x += Long.numberOfTrailingZeros(x + i) * 31L;
            }
            kept.add(new byte[64 * 1024]);
            if (kept.size() > 64) {
                kept.clear();
            }
        }
        return x;
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Blocks in its initializer: a virtual thread that triggers it cannot unmount (pinned, on JDK 21 to 25+). */
    static final class SlowInit {
        static {
            try {
                Thread.sleep(100); // the pin under test: over the recording's 20 ms threshold
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
        }
    }
}

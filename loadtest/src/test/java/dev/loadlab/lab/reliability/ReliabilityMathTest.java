package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.LabException;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the reliability checks: growth limits, trends, request counting, gauges, heap parsing. */
class ReliabilityMathTest {

    @Test
    void growth_is_allowed_up_to_the_larger_of_the_absolute_and_the_relative_allowance() {
        GrowthLimits limits = GrowthLimits.defaults();

        assertThat(limits.check("heap", "async", GrowthLimits.HEAP, 40, 55).passed()).as("+15 MB ≤ 16 MB").isTrue();
        assertThat(limits.check("heap", "async", GrowthLimits.HEAP, 40, 57).passed()).as("+17 MB > 16 MB").isFalse();
        assertThat(limits.check("heap", "async", GrowthLimits.HEAP, 200, 239).passed()).as("+39 ≤ 20% of 200").isTrue();
        assertThat(limits.check("threads", null, GrowthLimits.THREADS, 90, 99).passed()).isFalse();
        assertThat(limits.check("threads", null, GrowthLimits.THREADS, 90, 60).passed()).as("shrinking is fine").isTrue();
        assertThat(limits.check("heap", null, GrowthLimits.HEAP, Double.NaN, 10).passed())
                .as("a value that was not measured fails").isFalse();
    }

    @Test
    void max_growth_options_change_one_part_of_a_limit_and_reject_nonsense() {
        GrowthLimits limits = GrowthLimits.parse(Map.of("rss", "5%", "threads", "2", "heap", "24MB"));

        assertThat(limits.get("rss").relative()).isEqualTo(0.05);
        assertThat(limits.get("rss").absolute()).as("absolute part kept").isEqualTo(64);
        assertThat(limits.get("threads").absolute()).isEqualTo(2);
        assertThat(limits.get("heap").absolute()).isEqualTo(24);
        assertThatThrownBy(() -> GrowthLimits.parse(Map.of("memory", "5%"))).isInstanceOf(LabException.class)
                .hasMessageContaining("not a metric");
        assertThatThrownBy(() -> GrowthLimits.parse(Map.of("rss", "lots"))).isInstanceOf(LabException.class)
                .hasMessageContaining("rss=32MB");
    }

    @Test
    void a_trend_compares_the_medians_of_the_first_and_last_thirds() {
        double[] ends = GrowthLimits.ends(List.of(10.0, 11.0, 10.0, 50.0, 12.0, 13.0, 20.0, 21.0, 19.0));

        assertThat(ends[0]).isEqualTo(10.0);
        assertThat(ends[1]).isEqualTo(20.0);
        assertThat(GrowthLimits.median(List.of(1.0, 2.0, 3.0, 4.0))).isEqualTo(2.5);
    }

    @Test
    void the_request_log_counts_by_cause_by_second_and_by_send_time() {
        RequestLog log = new RequestLog(List.of(
                new RequestLog.Request(1000, "async", "steady", 200, 40, "ok"),
                new RequestLog.Request(1500, "async", "steady", 502, 41, "status 502"),
                new RequestLog.Request(2100, "async", "overload", 503, 2, "status 503"),
                new RequestLog.Request(2200, "async", "overload", 0, 10_000, "timeout"),
                new RequestLog.Request(3900, "async", "after", 200, 45, "ok")));

        assertThat(log.count()).isEqualTo(5);
        assertThat(log.ok()).isEqualTo(2);
        assertThat(log.koByCause()).containsExactly(Map.entry("status 502", 1L), Map.entry("status 503", 1L),
                Map.entry("timeout", 1L));
        assertThat(log.sentBetween(1500, 2200).count()).isEqualTo(2);
        assertThat(log.ofStage("overload").count()).isEqualTo(2);
        assertThat(log.ofStage("overload").lastSentAt()).hasValue(2200);
        assertThat(log.lastFailureSentAt()).hasValue(2200);
        assertThat(log.maxResponseMs()).isEqualTo(10_000);

        ReliabilityResult.Timeline timeline = log.timeline(1000, 3000, 1000);
        assertThat(timeline.ok()).containsExactly(1L, 0L, 1L);
        assertThat(timeline.errors()).containsExactly(1L, 2L, 0L);
        assertThat(timeline.shed()).containsExactly(0L, 1L, 0L);
        assertThat(log.latency(RequestLog.Request::ok).max()).isEqualTo(45.0);
    }

    @Test
    void gauges_are_read_from_the_prometheus_text_per_label() {
        String metrics = """
                # TYPE loadlab_inflight_requests gauge
                loadlab_inflight_requests{mode="async",scope="application",} 7.0
                loadlab_inflight_requests{mode="blocking",scope="application",} 3.0
                loadlab_inflight_requests_other{mode="async",} 99.0
                loadlab_blocking_pool_queue_depth{scope="application",} 12.0
                """;

        assertThat(LabHttp.series(metrics, "loadlab_inflight_requests", "mode"))
                .containsExactly(Map.entry("async", 7.0), Map.entry("blocking", 3.0));
        assertThat(LabHttp.series(metrics, "loadlab_blocking_pool_queue_depth", "")).containsEntry("", 12.0);
    }

    @Test
    void heap_in_use_is_read_from_g1_and_from_generational_heap_info() {
        String g1 = """
                12345:
                 garbage-first heap   total reserved 262144K, committed 65536K, used 9148K [0x0000000687400000, 0x0000000800000000)
                  region size 1024K, 0 young (0K), 0 survivors (0K)
                 Metaspace       used 30000K, committed 30500K, reserved 1114112K
                """;
        String serial = """
                 def new generation   total 4928K, used 1069K [0x00000000f0000000, 0x00000000f0550000)
                  eden space 4416K,  24% used
                 tenured generation   total 10944K, used 2000K [0x00000000f0550000, 0x00000000f1000000)
                 Metaspace       used 3000K, committed 3100K, reserved 1056768K
                """;

        assertThat(HeapAfterGc.usedKb(g1)).isEqualTo(9148L);
        assertThat(HeapAfterGc.usedKb(serial)).isEqualTo(3069L);
        assertThat(HeapAfterGc.usedKb("ZHeap used 16M, capacity 32M")).isNull();
    }

    @Test
    void this_jvm_is_visible_in_proc_with_its_threads_files_and_connections() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket client = new java.net.Socket(server.getInetAddress(), server.getLocalPort());
             java.net.Socket accepted = server.accept()) {
            ProcessStats stats = ProcessStats.read(pid, Set.of(server.getLocalPort()), Set.of(server.getLocalPort()));

            assertThat(stats).isNotNull();
            assertThat(stats.threads()).isGreaterThan(5);
            assertThat(stats.fds()).isGreaterThan(3);
            assertThat(stats.rssMb()).isGreaterThan(10);
            assertThat(stats.established()).as("both ends of the loopback connection").isGreaterThanOrEqualTo(2);
            assertThat(stats.inbound()).as("accepted on the listening port").isGreaterThanOrEqualTo(1);
            assertThat(stats.outbound()).as("opened to the same port").isGreaterThanOrEqualTo(1);
        }
        assertThat(ProcessStats.read(Long.MAX_VALUE, Set.of(1), Set.of(2))).as("no such process").isNull();
    }
}

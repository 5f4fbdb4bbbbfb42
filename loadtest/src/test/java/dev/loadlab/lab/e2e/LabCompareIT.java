package dev.loadlab.lab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lab at tiny scale: real stub and service JVMs, a Gatling JVM per point. Two sequential 50 ms
 * upstream calls make the critical path 100 ms; the blocking pool has 8 threads, so it caps at 80 req/s.
 * Tolerances are generous on purpose (shared 2-core machines): these check physics and bookkeeping, not speed.
 */
class LabCompareIT {

    @TempDir
    static Path results;

    static Summary summary;
    static Path runDir;

    @BeforeAll
    static void runTinyCompare() throws Exception {
        int exit = Lab.run("compare", "--name", "it", "--results", results.toString(),
                "--variants", "blocking,async", "--levels", "4,48", "--rates", "30",
                "--warmup", "1s", "--measure", "4s", "--system-warmup", "1s",
                "--pool-size", "8", "--latency-ms", "50");
        assertThat(exit).as("./lab compare exit code").isZero();
        runDir = RunFolders.onlyRun(results);
        summary = SummaryFiles.read(runDir);
    }

    @Test
    void run_is_complete_with_every_point() {
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(summary.points()).extracting(Summary.Point::id).containsExactly(
                "blocking-c4-1", "async-c4-1", "blocking-c48-1", "async-c48-1", "blocking-r30-1", "async-r30-1");
        assertThat(summary.config().upstreamLatencyMs()).containsEntry("location", 50.0).containsEntry("sun", 50.0);
        assertThat(summary.points()).allSatisfy(p -> assertThat(p.bound().criticalPathMs()).isEqualTo(100.0));
        assertThat(results.resolve("latest")).isSymbolicLink();
    }

    @Test
    void closed_points_answer_every_request() {
        assertThat(summary.points()).filteredOn(p -> p.model().equals(Summary.Point.CLOSED))
                .allSatisfy(p -> assertThat(p.requests().ko()).as(p.id()).isZero());
    }

    @Test
    void below_the_pool_every_variant_is_close_to_concurrency_over_latency() {
        assertThat(point("blocking-c4-1").bound().efficiency()).isGreaterThan(0.6);
        assertThat(point("async-c4-1").bound().efficiency()).isGreaterThan(0.6);
    }

    @Test
    void above_the_pool_blocking_is_capped_at_pool_over_latency_and_async_is_not() {
        Summary.Point blocking = point("blocking-c48-1");
        Summary.Point async = point("async-c48-1");

        assertThat(blocking.bound().poolRps()).isEqualTo(80.0);
        assertThat(blocking.throughputRps()).isBetween(0.6 * 80, 1.1 * 80);
        // async's bound is 480 req/s; even a busy shared machine keeps it well clear of blocking's 80.
        assertThat(async.bound().efficiency()).isGreaterThan(0.4);
        assertThat(async.throughputRps()).isGreaterThan(1.5 * blocking.throughputRps());
        // Little's law seen from the client: the queue in front of the pool is where the time goes.
        assertThat(blocking.latencyMs().p50()).isGreaterThan(2 * async.latencyMs().p50());
    }

    @Test
    void open_points_deliver_the_offered_rate_below_capacity() {
        assertThat(point("async-r30-1").throughputRps()).isCloseTo(30.0, within(6.0));
        assertThat(point("blocking-r30-1").throughputRps()).isCloseTo(30.0, within(6.0));
    }

    @Test
    void counts_agree_exactly_and_percentiles_closely_with_gatlings_own_report() throws Exception {
        for (Summary.Point p : summary.points()) {
            String requestName = summary.config().endpoint() + "-"
                    + (p.model().equals(Summary.Point.CLOSED) ? "c" + p.concurrency() : "r" + Math.round(p.rateRps()));
            GatlingReportOracle gatling = GatlingReportOracle.read(runDir.resolve(p.gatlingReports().getFirst()),
                    requestName);
            Histogram ok = HistogramLogs.total(runDir.resolve(p.histogram()), HistogramLogs.OK);

            assertThat(gatling.ok()).as(p.id() + " OK count").isEqualTo(p.requests().ok());
            assertThat(gatling.ko()).as(p.id() + " KO count").isEqualTo(p.requests().ko());
            assertThat(ok.getTotalCount()).as(p.id() + " histogram count").isEqualTo(p.requests().ok());
            if (p.requests().ko() == 0) {
                // Gatling's table percentiles cover all requests; with no KO that is exactly the OK set.
                assertAgrees(p.id() + " min", p.latencyMs().min(), gatling.min(), ok, 0);
                assertAgrees(p.id() + " max", p.latencyMs().max(), gatling.max(), ok, 100);
                assertAgrees(p.id() + " p50", p.latencyMs().p50(), gatling.p50(), ok, 50);
                assertAgrees(p.id() + " p95", p.latencyMs().p95(), gatling.p95(), ok, 95);
                assertAgrees(p.id() + " p99", p.latencyMs().p99(), gatling.p99(), ok, 99);
            }
        }
    }

    /**
     * Within 1 ms, or, where the data is sparse, within the spread of the data two percentile points (or one
     * rank) either side: Gatling estimates its percentiles with a t-digest (interpolating between centroids),
     * the lab reports the recorded value at the rank. With dense data both are within a millisecond, plus the width
     * of the histogram bucket the lab's value is the bottom of (0.5 ms at 600 ms with 3 significant digits in µs).
     */
    private static void assertAgrees(String what, double ours, double gatlings, Histogram h, double percentile) {
        double step = Math.max(2.0, 100.0 / h.getTotalCount());
        double gap = HistogramLogs.percentileMs(h, Math.min(100, percentile + step))
                - HistogramLogs.percentileMs(h, Math.max(0, percentile - step));
        double bucketMs = h.sizeOfEquivalentValueRange(Math.round(ours * 1000)) / 1000.0;
        assertThat(ours).as(what).isCloseTo(gatlings, within(Math.max(1.0, gap) + bucketMs + 0.01));
    }

    private static Summary.Point point(String id) {
        List<Summary.Point> matches = summary.points().stream().filter(p -> p.id().equals(id)).toList();
        assertThat(matches).as(id).hasSize(1);
        return matches.getFirst();
    }
}

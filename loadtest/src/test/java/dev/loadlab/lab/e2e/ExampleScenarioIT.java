package dev.loadlab.lab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that knows nothing of the lab (examples/quote), measured through its scenario at tiny scale: the lab
 * starts three WireMock mapping folders as fake upstreams and both variants by their commands, and computes each
 * variant's bound from the critical path the scenario declares: blocking 80 + 60 + 40 = 180 ms, async
 * max(80, 60) + 40 = 120 ms. Tolerances check bookkeeping and physics, not speed (shared 2-core machines).
 */
class ExampleScenarioIT {

    private static final String SCENARIO = "examples/quote/scenario.yaml";

    @TempDir
    static Path results;

    static Summary summary;
    static Path runDir;

    @BeforeAll
    static void runTinyCompare() throws Exception {
        int exit = Lab.run("compare", "--scenario", SCENARIO, "--name", "quote-it", "--results", results.toString(),
                "--levels", "4", "--rates", "10", "--warmup", "1s", "--measure", "3s", "--system-warmup", "1s");
        assertThat(exit).as("./lab compare --scenario exit code").isZero();
        runDir = RunFolders.onlyRun(results);
        summary = SummaryFiles.read(runDir);
    }

    @Test
    void every_point_of_both_variants_ran_with_no_failed_request() {
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(summary.points()).extracting(Summary.Point::id)
                .containsExactly("blocking-c4-1", "async-c4-1", "blocking-r10-1", "async-r10-1");
        assertThat(summary.points()).allSatisfy(p -> {
            assertThat(p.requests().ok()).as(p.id()).isPositive();
            assertThat(p.requests().ko()).as(p.id()).isZero();
        });
        assertThat(summary.config().endpoint()).isEqualTo("quote");
        assertThat(summary.config().scenario()).isEqualTo(SCENARIO);
    }

    @Test
    void each_bound_comes_from_the_variants_critical_path() {
        assertThat(summary.config().upstreamLatencyMs()).containsExactly(java.util.Map.entry("pricing", 80.0),
                java.util.Map.entry("inventory", 60.0), java.util.Map.entry("shipping", 40.0));
        assertThat(summary.config().criticalPaths())
                .containsEntry("blocking", "pricing + inventory + shipping")
                .containsEntry("async", "max(pricing, inventory) + shipping");
        assertThat(point("blocking-c4-1").bound().criticalPathMs()).isEqualTo(180.0);
        assertThat(point("async-c4-1").bound().criticalPathMs()).isEqualTo(120.0);
        assertThat(point("async-c4-1").bound().littleRps()).isCloseTo(4 / 0.120, org.assertj.core.data.Offset.offset(0.01));
        // the scenario says blocking holds one of 32 threads per request: capped at 32 / 180 ms as well
        assertThat(point("blocking-c4-1").bound().poolRps()).isCloseTo(32 / 0.180, org.assertj.core.data.Offset.offset(0.01));
        assertThat(point("async-c4-1").bound().poolRps()).isNull();
        // No request is faster than its critical path: the fakes really wait, and the variants really call them.
        assertThat(point("blocking-c4-1").latencyMs().min()).isGreaterThanOrEqualTo(180.0);
        assertThat(point("async-c4-1").latencyMs().min()).isGreaterThanOrEqualTo(120.0).isLessThan(180.0);
    }

    @Test
    void the_variants_and_the_fakes_logged_where_the_run_says() throws Exception {
        assertThat(runDir.resolve("logs/blocking.log")).content().contains("mode=blocking");
        assertThat(runDir.resolve("logs/async.log")).content().contains("mode=async");
        assertThat(runDir.resolve("logs/stub-upstreams.log")).content().contains("pricing=http://127.0.0.1:");
        assertThat(runDir.resolve("requests.json")).content().contains("/quote/#{sku}?qty=#{qty}");
    }

    private static Summary.Point point(String id) {
        return summary.points().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}

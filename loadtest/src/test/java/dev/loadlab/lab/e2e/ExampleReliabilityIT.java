package dev.loadlab.lab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.ReliabilityResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability commands on a service of anyone's (examples/quote), through its scenario at tiny scale: the lab
 * starts the WireMock mapping folders and both variants by command, faults the mapped upstreams at run time, and
 * watches each variant's own process. Assertions are on bookkeeping and on what the example really does, not on
 * speed (shared 2-core machines).
 */
class ExampleReliabilityIT {

    private static final String SCENARIO = "examples/quote/scenario.yaml";

    @TempDir
    Path results;

    @Test
    void resilience_faults_the_mapped_upstreams_and_finds_one_mapped_answer_per_fault() throws Exception {
        int exit = Lab.run("resilience", "--scenario", SCENARIO, "--name", "it", "--results", results.toString(),
                "--faults", "http500,slow", "--steady", "2s", "--stage", "3s", "--gap", "2s", "--recovery", "3s",
                "--rate", "20", "--system-warmup", "1s");
        ReliabilityResult result = ReliabilityResult.read(runDir());

        assertThat(exit).as("exit code (1 = a check failed, which the checks below name)").isIn(0, 1);
        assertThat(result.episodes()).extracting(ReliabilityResult.Episode::variant).containsExactly("blocking", "async");
        for (String check : List.of("fault-answers", "no-other-errors", "no-hang", "recovery")) {
            assertThat(result.checks()).filteredOn(c -> c.name().equals(check))
                    .as(check).hasSize(2).allSatisfy(c -> assertThat(c.passed()).as(c.variant() + " " + check + ": "
                            + c.measured()).isTrue());
        }
        // the faults went where one request meets at most one: every call of blocking's chain, async's first
        // parallel branch and shipping
        ReliabilityResult.Episode async = result.episodes().get(1);
        Map<String, Long> injected = async.stages().stream().filter(s -> s.name().equals("http500")).findFirst()
                .orElseThrow().injectedFaults();
        assertThat(injected.keySet()).isSubsetOf("pricing:http500", "shipping:http500");
        assertThat(injected.values().stream().mapToLong(Long::longValue).sum()).as("faults injected").isPositive();
        assertThat(((Number) async.figures().get("answered502")).longValue())
                .isEqualTo(injected.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void overload_finds_that_the_blocking_example_queues_instead_of_shedding() throws Exception {
        // 3 x its capacity (32 threads / 180 ms = 178 req/s), each request on a new connection: a real overload
        int exit = Lab.run("overload", "--scenario", SCENARIO, "--variants", "blocking", "--name", "it",
                "--results", results.toString(), "--adversaries", "open", "--factor", "3", "--warmup", "0s",
                "--before", "2s", "--duration", "3s", "--after", "2s", "--system-warmup", "1s");
        ReliabilityResult result = ReliabilityResult.read(runDir());

        assertThat(exit).as("a check failed").isEqualTo(1);
        ReliabilityResult.Check sheds = check(result, "sheds-with-503");
        assertThat(sheds.passed()).isFalse();
        assertThat(sheds.measured()).startsWith("0 of ");
        assertThat(((Number) result.episodes().getFirst().figures().get("offeredRps")).doubleValue())
                .as("offered more than capacity").isGreaterThan(178);
        assertThat(check(result, "bounded-latency").passed()).as("its unbounded queue makes requests wait").isFalse();
        assertThat(result.checks()).extracting(ReliabilityResult.Check::name)
                .as("no gauges on a service of anyone's: not judged").doesNotContain("within-bounds");
        assertThat(result.episodes().getFirst().figures()).containsEntry("gauges", "none: not the lab's service");
    }

    @Test
    void soak_samples_each_variants_own_process_and_the_stub() throws Exception {
        int exit = Lab.run("soak", "--scenario", SCENARIO, "--name", "it", "--results", results.toString(),
                "--minutes", "0.25", "--sample-every", "1s", "--heap-every", "5s", "--settle", "3s", "--rate", "20",
                "--system-warmup", "1s");
        ReliabilityResult result = ReliabilityResult.read(runDir());

        assertThat(exit).as("exit code (1 = a check failed, which the checks below name)").isIn(0, 1);
        assertThat(result.samples()).extracting(ReliabilityResult.ProcessSample::process).contains("blocking",
                "async", "stub").doesNotContain("service");
        assertThat(check(result, "errors").passed()).as(check(result, "errors").measured()).isTrue();
        assertThat(check(result, "alive").measured()).isEqualTo("blocking and async and stub alive at the end");
        assertThat(result.checks()).extracting(ReliabilityResult.Check::name).contains("blocking threads",
                "async rss", "stub heap-after-gc");
    }

    private static ReliabilityResult.Check check(ReliabilityResult result, String name) {
        return result.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private Path runDir() {
        return RunFolders.onlyRun(results);
    }
}

package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.run.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short fault scenario: real stub and service JVMs, a Gatling JVM per variant, one second of each distinct
 * fault path at 25 req/s (http503 is left out: the service maps it exactly like http500, and the full command runs
 * it). The verdicts are the lab's own checks (exact fault accounting, no hang, recovery within 1 s, no growth);
 * tolerances are the scenario's, with a 2 s read timeout (a busy shared machine must not cause timeouts nobody
 * injected) and generous slack for hangs. Results stay under
 * target/ for a look after a failure.
 */
class ResilienceIT {

    static final List<String> FAULTS = List.of("http500", "reset", "malformed", "slow", "spike");

    static Path results;

    static int exit;
    static ReliabilityResult result;
    static Path runDir;

    @BeforeAll
    static void runShortResilience() throws Exception {
        Path target = Jvm.home().resolve("loadtest/target");
        Files.createDirectories(target);
        results = Files.createTempDirectory(target, "resilience-it-");
        exit = Lab.run("resilience", "--name", "it", "--results", results.toString(),
                "--variants", "blocking,virtual,async,eventloop", "--rate", "25", "--latency-ms", "20",
                "--share", "0.2", "--slow-share", "0.2", "--read-timeout", "2s", "--hang-slack", "3s",
                "--faults", String.join(",", FAULTS),
                "--steady", "2s", "--stage", "1s", "--gap", "2s", "--recovery", "2s",
                "--system-warmup", "1s");
        runDir = RunFolders.onlyRun(results);
        result = ReliabilityResult.read(runDir);
    }

    @Test
    void the_run_is_complete_and_every_check_passed() {
        assertThat(result.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(exit).as("./lab resilience exit code").isZero();
        assertThat(result.checks()).extracting(ReliabilityResult.Check::variant).containsOnly("blocking", "virtual",
                "async", "eventloop");
        assertThat(result.checks()).extracting(ReliabilityResult.Check::name).contains("fault-answers",
                "no-other-errors", "no-hang", "recovery", "threads", "heap-after-gc", "upstream-connections");
    }

    @Test
    void every_fault_kind_was_injected_and_answered_with_its_mapped_status() {
        for (ReliabilityResult.Episode episode : result.episodes()) {
            for (String fault : FAULTS) {
                ReliabilityResult.Stage stage = stage(episode, fault);
                if (!"spike".equals(fault)) {
                    assertThat(stage.injectedFaults().values().stream().mapToLong(Long::longValue).sum())
                            .as(episode.variant() + " " + fault + " injected").isPositive();
                }
            }
            long answered502 = ((Number) episode.figures().get("answered502")).longValue();
            long answered504 = ((Number) episode.figures().get("answered504")).longValue();
            assertThat(answered502).as(episode.variant() + " 502s").isEqualTo(
                    ((Number) episode.figures().get("injectedErrorFaults")).longValue()).isPositive();
            assertThat(answered504).as(episode.variant() + " 504s").isEqualTo(
                    ((Number) episode.figures().get("injectedSlowFaults")).longValue()).isPositive();
            // a request sent in the last instant of "steady" can meet the first faults: at most a couple, all 502
            assertThat(stage(episode, "steady").koByCause().keySet()).as("before the faults").isSubsetOf("status 502");
            assertThat(stage(episode, "steady").sent() - stage(episode, "steady").ok()).isLessThanOrEqualTo(3);
            assertThat(stage(episode, "spike").koByCause()).as("a spike below the timeout is only slow").isEmpty();
        }
    }

    @Test
    void the_report_shows_the_episode_on_a_timeline_per_variant() throws Exception {
        assertThat(result.episodes()).extracting(ReliabilityResult.Episode::variant)
                .containsExactly("blocking", "virtual", "async", "eventloop");
        for (ReliabilityResult.Episode episode : result.episodes()) {
            long sent = episode.timeline().ok().stream().mapToLong(Long::longValue).sum()
                    + episode.timeline().errors().stream().mapToLong(Long::longValue).sum();
            assertThat(sent).as("timeline holds the requests of " + episode.variant()).isPositive();
            assertThat(runDir.resolve(episode.gatlingReport())).isRegularFile();
        }
        String html = Files.readString(runDir.resolve("report.html"));
        assertThat(html).contains("id=\"chart-timeline-ok\"", "id=\"chart-timeline-errors\"", "fault-answers");
        assertThat(runDir.resolve("charts/timeline-errors.png")).isRegularFile();
        assertThat(runDir.resolve("report.md")).content().contains("| PASS | recovery |");
    }

    private static ReliabilityResult.Stage stage(ReliabilityResult.Episode episode, String name) {
        List<ReliabilityResult.Stage> matches = episode.stages().stream().filter(s -> s.name().equals(name)).toList();
        assertThat(matches).as(episode.variant() + " stage " + name).hasSize(1);
        return matches.getFirst();
    }
}

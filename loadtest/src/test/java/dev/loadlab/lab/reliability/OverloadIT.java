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
 * The short overload scenario: a 128 MB service whose blocking pool serves 50 req/s (2 threads, 40 ms upstream
 * path) and whose async and virtual modes admit 8 requests at a time (200 req/s), offered 6x the pool's bound
 * (300 req/s) for 3 s between calm stages at 10 req/s. The offered rate is kept low on purpose: every request of
 * the open model is a new connection, and at 800 req/s the load generator alone took a whole core of this 2-core
 * machine, so the 503 latencies it measured swung from 30 ms to 2.5 s between identical runs (a CI run failed on
 * it). Timing limits are much looser than the command's defaults for the same reason (the full command on a
 * quiet machine holds the real limits). What must hold anyway: the excess is shed with 503s and nothing else,
 * the bounds are never exceeded, nothing runs out of memory, health always answers, and service resumes.
 * Then the same for a 3 s retry storm of 100 kept-alive and 20 new-connection users that resend at once: it must
 * really saturate (more than each variant's capacity offered and most of it shed: with the lab's own storm client
 * 12-19k req/s against 50-200 of capacity, 99% shed, were measured), no client may time out, and OK responses must
 * keep at least a fifth of the capacity (the storm's requests share two cores with the admitted ones; 63-79% was
 * measured).
 * Results stay under target/.
 */
class OverloadIT {

    static Path results;

    static int exit;
    static ReliabilityResult result;

    @BeforeAll
    static void runShortOverload() throws Exception {
        Path target = Jvm.home().resolve("loadtest/target");
        Files.createDirectories(target);
        results = Files.createTempDirectory(target, "overload-it-");
        exit = Lab.run("overload", "--name", "it", "--results", results.toString(),
                "--latency-ms", "20", "--pool-size", "2", "--queue-size", "4", "--max-in-flight", "8",
                "--factor", "6", "--calm-rate", "10", "--warmup", "2s", "--before", "1s", "--duration", "3s",
                "--after", "3s",
                "--heap", "128m", "--recover-within", "2s",
                "--fast-503", "1s", "--latency-slack", "2s", "--min-goodput", "0.1",
                "--health-p99", "1s", "--health-max", "3s", "--system-warmup", "2s",
                "--storm-connections", "100", "--storm-new-connections", "20", "--storm-duration", "3s",
                "--storm-min-goodput", "0.2");
        Path runDir;
        runDir = RunFolders.onlyRun(results);
        result = ReliabilityResult.read(runDir);
    }

    @Test
    void every_variant_sheds_with_fast_503s_within_its_bounds_and_recovers() {
        assertThat(result.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(result.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(exit).as("./lab overload exit code").isZero();
        assertThat(result.checks()).extracting(ReliabilityResult.Check::name).contains("sheds-with-503", "only-503s",
                "fast-503", "bounded-latency", "within-bounds", "no-oom", "health", "recovery",
                "storm-sheds-with-503", "storm-only-503s", "storm-fast-503", "storm-within-bounds", "storm-no-oom",
                "storm-health", "storm-recovery");
    }

    @Test
    void the_retry_storm_saturates_every_variant_without_a_client_timeout() {
        assertThat(result.episodes()).filteredOn(e -> ReliabilityResult.Episode.RETRY_STORM.equals(e.adversary()))
                .extracting(ReliabilityResult.Episode::variant)
                .containsExactly("blocking", "virtual", "async", "eventloop");
        for (ReliabilityResult.Episode storm : result.episodes()) {
            if (!ReliabilityResult.Episode.RETRY_STORM.equals(storm.adversary())) {
                continue;
            }
            double offered = ((Number) storm.figures().get("offeredRps")).doubleValue();
            double capacity = ((Number) storm.figures().get("capacityRps")).doubleValue();
            long sent = ((Number) storm.figures().get("overloadSent")).longValue();
            long shed = ((Number) storm.figures().get("overloadShed")).longValue();
            assertThat(offered).as(storm.variant() + ": storm req/s vs capacity " + capacity)
                    .isGreaterThan(capacity);
            assertThat(shed).as(storm.variant() + ": shed of " + sent).isGreaterThan(sent / 2);
            assertThat(((Number) storm.figures().get("stormTimeouts")).longValue()).as(storm.variant()).isZero();
            // the unjudged warm-up storm ran in rounds until its rate stopped rising, and says so
            assertThat((List<?>) storm.figures().get("stormWarmUpRps")).as(storm.variant() + ": warm-up rounds")
                    .hasSizeBetween(StormWarmUp.MIN_ROUNDS, StormWarmUp.MAX_ROUNDS);
        }
    }

    @Test
    void the_figures_show_the_bounds_holding_for_each_variant() {
        List<ReliabilityResult.Episode> open = result.episodes().stream()
                .filter(e -> ReliabilityResult.Episode.OPEN_MODEL.equals(e.adversary())).toList();
        assertThat(open).extracting(ReliabilityResult.Episode::variant)
                .containsExactly("blocking", "virtual", "async", "eventloop");
        for (ReliabilityResult.Episode episode : result.episodes()) {
            assertThat(((Number) episode.figures().get("overloadShed")).longValue()).as(episode.variant()).isPositive();
            assertThat((Boolean) episode.figures().get("serviceAlive")).isTrue();
            assertThat(((Number) episode.figures().get("healthProbes")).intValue()).isGreaterThan(20);
        }
        ReliabilityResult.Episode blocking = open.getFirst();
        assertThat(((Number) blocking.figures().get("maxQueueDepth")).doubleValue()).isLessThanOrEqualTo(4);
        assertThat(((Number) blocking.figures().get("maxPoolBusy")).doubleValue()).isLessThanOrEqualTo(2);
        assertThat(((Number) open.get(2).figures().get("maxInFlight")).doubleValue())
                .isLessThanOrEqualTo(8);
    }
}

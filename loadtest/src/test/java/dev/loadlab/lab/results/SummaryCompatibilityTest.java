package dev.loadlab.lab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadlab.lab.gate.GateRules;
import dev.loadlab.lab.gate.Rule;
import dev.loadlab.lab.gate.StoredBaseline;
import dev.loadlab.lab.gate.Trial;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files already written keep reading: the committed reference run, an older one (2026-11-30, before drains and JFR
 * evidence were recorded), the CI baseline and an older one (2026-11-25) load with their real values (a renamed or
 * dropped field fails here, where the lab's lenient reader would leave it 0 or null), and the fields scale-out added
 * are optional.
 */
class SummaryCompatibilityTest {

    /** The module's tests run in loadtest/; these are the files committed at the project root. */
    private static final Path REFERENCE = Path.of("..", "results", "reference");
    /** The reference run of 2026-11-30 as it was committed: three modes, no drains, no evidence. */
    static final Path REFERENCE_2026_11_30 = Path.of("src", "test", "resources", "summaries", "reference-2026-11-30");
    private static final Path CI_BASELINE = Path.of("..", "results", "baselines", "ci.json");
    /** The CI baseline of 2026-11-25 as it was committed: async and blocking trials only, before evidence. */
    static final Path CI_BASELINE_2026_11_25 = Path.of("src", "test", "resources", "summaries",
            "baseline-ci-2026-11-25.json");

    /** Every field of the files must map to a field of the records (the lab's own reader ignores unknown ones). */
    private static final ObjectMapper STRICT = SummaryFiles.JSON.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void the_committed_reference_run_reads_with_its_values_and_evidence() throws Exception {
        Summary summary = SummaryFiles.read(REFERENCE);

        assertThat(STRICT.readValue(REFERENCE.resolve(SummaryFiles.SUMMARY).toFile(), Summary.class))
                .as("every field of the file is a field of Summary").isEqualTo(summary);
        assertThat(summary.run().id()).isEqualTo("20261202-131451-reference");
        assertThat(summary.config().variants()).containsExactly("blocking", "virtual", "async", "eventloop");
        // 4 variants x (4 user levels + 2 rates), one repeat; each drained and each with its JFR evidence
        assertThat(summary.points()).hasSize(24).allSatisfy(p -> {
            assertThat(p.complete()).as(p.id()).isTrue();
            assertThat(p.drain()).as(p.id() + " drain").isNotNull();
            assertThat(p.profile().cpuSamples()).as(p.id() + " CPU samples").isPositive();
            assertThat(REFERENCE.resolve(p.profile().flame())).as(p.id() + " flame graph, committed").isRegularFile();
        });
        Summary.Point eventloop512 = point(summary, "eventloop-c512-1");
        assertThat(eventloop512.throughputRps()).isEqualTo(1615.25);
        assertThat(eventloop512.cpu().serviceUsPerRequest()).isEqualTo(451.94);
        assertThat(eventloop512.profile().cpuByLayer()).containsEntry("httpClient", 0.5023);
    }

    @Test
    void the_reference_run_of_2026_11_30_reads_with_its_values() throws Exception {
        Summary summary = SummaryFiles.read(REFERENCE_2026_11_30);

        assertThat(STRICT.readValue(REFERENCE_2026_11_30.resolve(SummaryFiles.SUMMARY).toFile(), Summary.class))
                .as("every field of the file is a field of Summary").isEqualTo(summary);
        assertThat(summary.schemaVersion()).isEqualTo(1);
        assertThat(summary.run().id()).isEqualTo("20261130-135715-reference");
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(summary.run().environment().cores()).isEqualTo(2);
        assertThat(summary.run().environment().versions()).containsEntry("helidon", "4.5.0");
        Summary.RunConfig config = summary.config();
        assertThat(config.endpoint()).isEqualTo("sun");
        assertThat(config.variants()).containsExactly("blocking", "virtual", "async");
        assertThat(config.upstreamLatencyMs()).containsOnly(entry("location", 100.0), entry("sun", 100.0),
                entry("weather", 100.0));
        assertThat(config.concurrencyLevels()).containsExactly(16, 64, 256, 512);
        assertThat(config.arrivalRatesRps()).containsExactly(200.0, 800.0);
        assertThat(config.blockingPoolSize()).isEqualTo(64);
        assertThat(config.measureSeconds()).isEqualTo(8.0);
        assertThat(config.replicas()).isEqualTo(1);

        // 3 variants x (4 user levels + 2 rates), one repeat
        assertThat(summary.points()).hasSize(18).allSatisfy(p -> {
            assertThat(p.complete()).as(p.id()).isTrue();
            assertThat(p.requests().ok()).as(p.id() + " OK").isPositive();
            assertThat(p.throughputRps()).as(p.id() + " req/s").isPositive();
            assertThat(p.window().measureSeconds()).as(p.id() + " window").isEqualTo(8.0);
            assertThat(p.window().endEpochMs() - p.window().startEpochMs()).as(p.id() + " window").isEqualTo(8000);
            // nothing answers faster than the two 100 ms upstream calls in sequence
            assertThat(p.bound().criticalPathMs()).as(p.id()).isEqualTo(200.0);
            assertThat(p.latencyMs().min()).as(p.id() + " min ms").isGreaterThanOrEqualTo(200.0);
            assertThat(p.latencyMs().p99()).as(p.id() + " p99 ms").isGreaterThanOrEqualTo(p.latencyMs().p50());
            assertThat(p.cpu().serviceUsPerRequest()).as(p.id() + " service CPU").isPositive();
            assertThat(p.histogram()).isEqualTo("histograms/" + p.id() + ".hlog");
        });

        Summary.Point async512 = point(summary, "async-c512-1");
        assertThat(async512.model()).isEqualTo(Summary.Point.CLOSED);
        assertThat(async512.concurrency()).isEqualTo(512);
        assertThat(async512.requests()).isEqualTo(new Summary.Requests(17218, 0, Map.of()));
        assertThat(async512.throughputRps()).isEqualTo(2152.25); // 17218 OK in 8 s
        assertThat(async512.latencyMs().p50()).isEqualTo(231.0);
        assertThat(async512.latencyMs().p99()).isEqualTo(310.992);
        assertThat(async512.bound()).isEqualTo(new Summary.Bound(200.0, 2560.0, null, 0.8407));
        assertThat(async512.cpu().serviceUsPerRequest()).isEqualTo(214.89);

        Summary.Point blocking800 = point(summary, "blocking-r800-1");
        assertThat(blocking800.model()).isEqualTo(Summary.Point.OPEN);
        assertThat(blocking800.rateRps()).isEqualTo(800.0);
        assertThat(blocking800.requests()).isEqualTo(new Summary.Requests(2503, 3898, Map.of("status 503", 3898L)));
        assertThat(blocking800.bound().poolRps()).isEqualTo(320.0); // 64 threads / 200 ms
    }

    @Test
    void the_committed_ci_baseline_reads_with_its_values() throws Exception {
        StoredBaseline baseline = ciBaseline(CI_BASELINE);

        assertThat(baseline.source().runId()).isEqualTo("20261203-072951-gate");
        assertThat(baseline.serviceConfig()).containsExactly(entry("blocking.pool-size", "8"));
        assertThat(baseline.trials()).hasSize(21).allSatisfy(t -> {
            assertThat(t.ko()).as(t.pointId() + " KO").isZero();
            assertThat(t.pinnedEvents()).as(t.pointId() + " pinned").isZero();
        });
        Trial first = baseline.trials().getFirst();
        assertThat(first.pointId()).isEqualTo("head-async-c8-1");
        assertThat(first.throughputRps()).isEqualTo(37.33);
        assertThat(first.serviceCpuUsPerRequest()).isEqualTo(1428.58);
    }

    /** {@code ./lab gate --no-ab --baseline results/baselines/ci.json} cannot judge a rule whose points it lacks. */
    @Test
    void the_committed_ci_baseline_holds_enough_trials_of_every_point_the_committed_gate_rules_compare() {
        StoredBaseline baseline = StoredBaseline.read(CI_BASELINE);
        GateRules rules = GateRules.load(Path.of("..", "gate", "rules.yaml"));
        int minTrials = rules.statistics().minTrials();

        List<Rule.Need> compared = rules.rules().stream().flatMap(rule -> rule.needs().stream())
                .filter(Rule.Need::compared).distinct().toList();

        assertThat(compared).as("the rules compare some points with the baseline").isNotEmpty();
        assertThat(compared).allSatisfy(need -> assertThat(Trial.at(baseline.trials(), need.mode(), need.concurrency()))
                .as(need.mode() + "@" + need.concurrency() + " trials in ci.json").hasSizeGreaterThanOrEqualTo(minTrials));
    }

    @Test
    void the_ci_baseline_of_2026_11_25_reads_with_its_values() throws Exception {
        StoredBaseline baseline = ciBaseline(CI_BASELINE_2026_11_25);

        assertThat(baseline.source().runId()).isEqualTo("20261125-040516-gate");
        assertThat(baseline.source().side()).isEqualTo(Trial.HEAD);
        assertThat(baseline.environment().cores()).isEqualTo(2);
        assertThat(baseline.workload()).isEqualTo(new StoredBaseline.Workload("sun", "fixed",
                Map.of("location", 100.0, "sun", 100.0, "weather", 100.0), 0.5, 3.0, 5));
        assertThat(baseline.serviceConfig()).containsExactly(entry("blocking.pool-size", "8"));

        // 5 repeats of async at 8 and 32 users, 2 of blocking at 32 users
        assertThat(baseline.trials()).hasSize(12).allSatisfy(t -> {
            assertThat(t.side()).isEqualTo(Trial.HEAD);
            assertThat(t.ok()).as(t.pointId() + " OK").isPositive();
            assertThat(t.ko()).as(t.pointId() + " KO").isZero();
            assertThat(t.throughputRps()).as(t.pointId() + " req/s").isPositive();
            assertThat(t.p99Ms()).as(t.pointId() + " p99 ms").isGreaterThanOrEqualTo(200.0);
            assertThat(t.serviceCpuUsPerRequest()).as(t.pointId() + " service CPU").isPositive();
            assertThat(t.criticalPathMs()).isEqualTo(200.0);
        });
        assertThat(baseline.trials()).extracting(t -> t.mode() + "@" + t.concurrency())
                .containsOnly("async@8", "async@32", "blocking@32")
                .filteredOn("blocking@32"::equals).hasSize(2);
        Trial first = baseline.trials().getFirst();
        assertThat(first.pointId()).isEqualTo("head-async-c8-1");
        assertThat(first.throughputRps()).isEqualTo(40.0); // 120 OK in 3 s: 8 users / 200 ms
        assertThat(first.ok()).isEqualTo(120);
        assertThat(first.p99Ms()).isEqualTo(216.0);
        assertThat(first.meanMs()).isEqualTo(206.512);
        assertThat(first.efficiency()).isEqualTo(1.0);
    }

    /** A CI baseline as the lab reads it, checked to hold no field that StoredBaseline lacks. */
    private static StoredBaseline ciBaseline(Path file) throws Exception {
        StoredBaseline baseline = StoredBaseline.read(file);
        assertThat(STRICT.readValue(file.toFile(), StoredBaseline.class))
                .as("every field of the file is a field of StoredBaseline").isEqualTo(baseline);
        assertThat(baseline.name()).isEqualTo("ci");
        return baseline;
    }

    private static Summary.Point point(Summary summary, String id) {
        return summary.points().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no point " + id));
    }

    @Test
    void a_point_and_config_without_the_new_fields_write_as_before() throws Exception {
        Summary.Point point = new Summary.Point("async-c8-1", "async", "closed", 8, null, 1, "complete",
                new Summary.Window(0, 1000, 1.0), new Summary.Requests(10, 0, Map.of()), 10.0,
                new Summary.LatencyMs(1, 2, 3, 4, 5, 6, 7, 8), new Summary.Bound(200.0, 40.0, null, 0.25),
                new Summary.Cpu(null, null, 5.0), null, 1, "histograms/async-c8-1.hlog", List.of());
        Summary.RunConfig config = new Summary.RunConfig("sun", List.of("async"), Map.of(), true, "fixed", Map.of(),
                64, 1024, List.of(8), List.of(), 1, 1, 10, 1, 1);

        JsonNode pointJson = SummaryFiles.JSON.valueToTree(point);
        JsonNode configJson = SummaryFiles.JSON.valueToTree(config);

        assertThat(pointJson.has("reason")).isFalse();
        assertThat(pointJson.has("perInjector")).isFalse();
        assertThat(pointJson.has("complete")).isFalse();
        assertThat(configJson.has("serviceReplicas")).isFalse();
        assertThat(configJson.has("replicas")).isFalse();
        assertThat(SummaryFiles.JSON.treeToValue(pointJson, Summary.Point.class)).isEqualTo(point);
        assertThat(SummaryFiles.JSON.treeToValue(configJson, Summary.RunConfig.class)).isEqualTo(config);
        assertThat(config.replicas()).isEqualTo(1);
        assertThat(point.complete()).isTrue();
    }

    @Test
    void the_new_fields_round_trip() throws Exception {
        Summary.Point point = new Summary.Point("async-c8-1", "async", "closed", 8, null, 1, "incomplete",
                new Summary.Window(0, 1000, 1.0), new Summary.Requests(10, 0, Map.of()), 10.0,
                new Summary.LatencyMs(1, 2, 3, 4, 5, 6, 7, 8), new Summary.Bound(200.0, 40.0, null, 0.25),
                new Summary.Cpu(null, null, 5.0), null, 2, "h", List.of("a"), "injector 2 of 2 missing",
                List.of(new Summary.Injector(1, "complete", null, 4, null, 10L, 0L, 10.0, 0L, 5.0, 0.01, "a"),
                        Summary.Injector.notMeasured(2, Summary.Injector.MISSING, "no injector.json")));

        String json = SummaryFiles.JSON.writeValueAsString(point);

        assertThat(SummaryFiles.JSON.readValue(json, Summary.Point.class)).isEqualTo(point);
        assertThat(json).doesNotContain("\"throughputRps\" : null");
    }
}

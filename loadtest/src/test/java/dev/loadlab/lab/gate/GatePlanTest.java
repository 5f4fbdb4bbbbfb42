package dev.loadlab.lab.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.ExperimentPlan;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.PointSpec;
import dev.loadlab.lab.run.SystemSpec;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.lab.scenario.ScenarioFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run the default rules plan: which points, in which order, on which side. Nothing is started. */
class GatePlanTest {

    @TempDir
    Path dir;

    final GateRules rules = GateRules.load(GateRulesTest.DEFAULT_RULES);

    @Test
    void ab_points_alternate_a_then_b_and_b_then_a_and_model_only_points_run_in_the_first_repeats() {
        ExperimentPlan plan = plan(true, Map.of("degrade.extra-latency-ms", "40")).experiment();

        assertThat(plan.pointOrder()).hasSize(36);
        assertThat(ids(plan).subList(0, 18)).containsExactly(
                "base-async-c8-1", "head-async-c8-1", "head-blocking-c32-1", "head-virtual-c32-1", "base-async-c32-1",
                "head-async-c32-1", "head-eventloop-c32-1", "base-async-c128-1", "head-async-c128-1",
                "head-async-c8-2", "base-async-c8-2", "head-blocking-c32-2", "head-virtual-c32-2", "head-async-c32-2",
                "base-async-c32-2", "head-eventloop-c32-2", "head-async-c128-2", "base-async-c128-2");
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("head-blocking")).hasSize(2);
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("head-virtual")).as("the pinning rule's").hasSize(2);
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("head-eventloop")).hasSize(2);
        assertThat(plan.evidence().record()).as("a pinning rule turns JFR evidence on").isTrue();
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("base-async-c32")).hasSize(5);
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("base-async-c128")).as("the CPU rule's").hasSize(5);
        assertThat(plan.concurrencyLevels()).containsExactly(8, 32, 128);
        assertThat(plan.systemWarmupClients()).isEqualTo(512);
    }

    @Test
    void a_runs_the_profile_config_and_only_b_gets_the_service_config_overrides() {
        GatePlan gate = plan(true, Map.of("degrade.extra-latency-ms", "40"));
        List<SystemSpec> systems = gate.experiment().systems();

        assertThat(systems).extracting(SystemSpec::name).containsExactly("base", "head");
        assertThat(systems.get(0).serviceConfig()).containsExactly(Map.entry("blocking.pool-size", "8"));
        assertThat(systems.get(0).variantModes()).containsExactly(Map.entry("base-async", "async"));
        assertThat(systems.get(1).serviceConfig()).containsEntry("degrade.extra-latency-ms", "40");
        assertThat(systems.get(1).variantModes()).containsKeys("head-async", "head-blocking");
        assertThat(gate.experiment().modeOf("head-blocking")).isEqualTo("blocking");
        assertThat(gate.describe())
                .isEqualTo("async@8 A/B x5, blocking@32 x2, virtual@32 x2, async@32 A/B x5, eventloop@32 x2,"
                                   + " async@128 A/B x5: 36 points");
    }

    @Test
    void every_process_is_warmed_as_long_as_the_others_however_many_variants_it_serves() {
        ExperimentPlan plan = plan(true, Map.of()).experiment();
        Duration unit = rules.profile().systemWarmupDuration();

        // A's JVM serves async alone, B's serves four modes: each JVM gets four units in all
        assertThat(plan.systemWarmupByVariant()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "base-async", unit.multipliedBy(4), "head-async", unit, "head-blocking", unit,
                "head-virtual", unit, "head-eventloop", unit));
    }

    @Test
    void a_scenario_variant_started_by_its_command_is_a_process_of_its_own() throws Exception {
        Path home = Path.of(System.getProperty("loadlab.home", "..")).toAbsolutePath().normalize();
        Scenario quote = ScenarioFiles.load(home.resolve("examples/quote/scenario.yaml"));
        GateRules quoteRules = GateRules.load(quote.gateRules());

        ExperimentPlan plan = GatePlan.of(quoteRules, options().withScenario(quote, "examples/quote/scenario.yaml")
                .withBaseBuild(dir)).experiment();

        Duration unit = quoteRules.profile().systemWarmupDuration();
        assertThat(plan.systemWarmupByVariant()).containsOnlyKeys(plan.variants())
                .allSatisfy((variant, warmUp) -> assertThat(warmUp).isEqualTo(unit));
    }

    @Test
    void a_stored_baseline_shapes_a() {
        Path baselineRun = GateFixtures.slowerB(dir.resolve("run"));
        StoredBaseline baseline = StoredBaseline.fromRun("ci", baselineRun, Trial.BASE);
        baseline = new StoredBaseline(baseline.schemaVersion(), baseline.name(), baseline.savedAt(), baseline.note(),
                baseline.source(), baseline.environment(), baseline.workload(), Map.of("blocking.pool-size", "4"),
                baseline.trials());

        GatePlan gate = GatePlan.of(rules, options().withBaseline(baseline, "ci.json"));

        assertThat(gate.experiment().systems().get(0).serviceConfig()).containsEntry("blocking.pool-size", "4");
        assertThat(gate.setup().sides().get("base").serviceConfig()).containsEntry("blocking.pool-size", "4");
    }

    @Test
    void without_ab_compared_points_still_run_every_repeat_on_b_alone() {
        ExperimentPlan plan = plan(false, Map.of()).experiment();

        assertThat(plan.systems()).extracting(SystemSpec::name).containsExactly("service");
        assertThat(plan.variants()).containsExactly("async", "blocking", "virtual", "eventloop");
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("async-c8")).hasSize(5);
        assertThat(ids(plan)).filteredOn(id -> id.startsWith("blocking-c32")).hasSize(2);
        assertThat(plan.pointOrder()).hasSize(21);
    }

    @Test
    void a_base_build_without_a_service_jar_is_refused() {
        assertThatThrownBy(() -> GatePlan.of(rules, options().withBaseBuild(dir))).isInstanceOf(LabException.class)
                .hasMessageContaining("has no service/target/service.jar");
    }

    @Test
    void several_injectors_split_every_trial_and_share_no_class_data_archive() {
        ExperimentPlan one = plan(true, Map.of()).experiment();
        ExperimentPlan two = GatePlan.of(rules, options().withTrials(null, 2)).experiment();

        assertThat(one.injectors()).isEqualTo(1);
        assertThat(two.injectors()).isEqualTo(2);
        assertThat(ids(two)).isEqualTo(ids(one));
        assertThat(one.loadgenJvmArgs()).anyMatch(arg -> arg.startsWith("-XX:SharedArchiveFile="));
        assertThat(two.loadgenJvmArgs()).containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void an_injector_count_out_of_range_is_refused_with_the_range() {
        assertThatThrownBy(() -> GatePlan.of(rules, options().withTrials(null, 0))).isInstanceOf(LabException.class)
                .hasMessage("--injectors 0 is out of range: use 1..8");
    }

    @Test
    void rules_that_name_what_the_scenario_lacks_are_refused_before_anything_starts() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, GateRulesTest.PROFILE + """
                rules:
                  - {id: eff, type: efficiency, variant: reactive, levels: [8], min: 0.5}
                """);
        assertThatThrownBy(() -> GatePlan.of(GateRules.load(file), options()))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("names variant 'reactive', which the scenario scenarios/sun.yaml does not have;"
                        + " use one of [blocking, virtual, async, eventloop]");

        Files.writeString(file, GateRulesTest.PROFILE.replace("endpoint: sun", "endpoint: moon") + """
                rules:
                  - {id: ok, type: no-failures}
                  - {id: eff, type: efficiency, variant: async, levels: [8], min: 0.5}
                """);
        assertThatThrownBy(() -> GatePlan.of(GateRules.load(file), options()))
                .hasMessageContaining("profile.endpoint 'moon' is not a request of the scenario; use one of"
                        + " [sun, weather, city]");
    }

    @Test
    void with_a_scenario_a_and_b_start_its_commands_a_from_the_base_checkout_and_only_b_gets_the_env() throws Exception {
        Path home = Path.of(System.getProperty("loadlab.home", "..")).toAbsolutePath().normalize();
        Scenario quote = ScenarioFiles.load(home.resolve("examples/quote/scenario.yaml"));
        GateRules quoteRules = GateRules.load(quote.gateRules());
        Path base = dir.resolve("base-checkout");

        GatePlan gate = GatePlan.of(quoteRules, options().withScenario(quote, "examples/quote/scenario.yaml")
                .withBaseBuild(base).withHead(Map.of(), Map.of("QUOTE_SLIP_BLOCKING_CALL", "true")));

        SystemSpec a = gate.experiment().systems().get(0);
        SystemSpec b = gate.experiment().systems().get(1);
        assertThat(a.name()).isEqualTo("base");
        assertThat(a.startsService()).isFalse();
        assertThat(a.commands()).containsOnlyKeys("base-async");
        assertThat(a.commands().get("base-async").workingDir()).isEqualTo(base.resolve("examples/quote"));
        assertThat(a.commands().get("base-async").env()).doesNotContainKey("QUOTE_SLIP_BLOCKING_CALL");
        assertThat(b.commands()).containsOnlyKeys("head-async", "head-blocking");
        assertThat(b.commands().get("head-async").workingDir()).isEqualTo(home.resolve("examples/quote"));
        assertThat(b.commands().get("head-async").env()).containsEntry("QUOTE_SLIP_BLOCKING_CALL", "true");
        assertThat(gate.experiment().floorMs("head-async")).isEqualTo(120.0);
        assertThat(gate.experiment().floorMs("head-blocking")).isEqualTo(180.0);
        assertThat(gate.setup().sides().get("head").serviceConfig()).containsEntry("env QUOTE_SLIP_BLOCKING_CALL",
                "true");
    }

    private GatePlan plan(boolean ab, Map<String, String> overrides) {
        return GatePlan.of(rules, options().withAb(ab).withHead(overrides, Map.of()));
    }

    private GatePlan.Options options() {
        return GatePlan.options(GateRulesTest.DEFAULT_RULES, dir, "gate", "./lab gate");
    }

    private static List<String> ids(ExperimentPlan plan) {
        return plan.pointOrder().stream().map(PointSpec::id).toList();
    }
}

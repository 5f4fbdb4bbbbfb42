package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.run.ExperimentPlan;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.RequestMix;
import dev.loadlab.stubs.StubCli;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code ./lab compare} decides before it starts anything. */
class ComparePlanTest {

    private static ExperimentPlan plan(String... args) {
        CompareCommand command = new CompareCommand();
        new CommandLine(command).parseArgs(args);
        return command.plan();
    }

    @Test
    void the_load_generator_compiles_with_c1_and_shares_a_class_data_archive_between_points() {
        assertThat(plan("--quick").loadgenJvmArgs())
                .contains("-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive")
                .anyMatch(arg -> arg.startsWith("-XX:SharedArchiveFile=") && arg.endsWith("gatling-compare.jsa"));
    }

    @Test
    void several_injectors_of_a_point_write_no_archive() {
        assertThat(plan("--quick", "--injectors", "2").loadgenJvmArgs()).containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void the_system_warm_up_drives_four_times_the_highest_level_within_bounds() {
        assertThat(plan("--levels", "16,64").systemWarmupClients()).isEqualTo(256);
        assertThat(plan("--levels", "4").systemWarmupClients()).as("at least").isEqualTo(32);
        assertThat(plan("--levels", "256,1024").systemWarmupClients()).as("at most").isEqualTo(1024);
    }

    @Test
    void quick_is_two_levels_and_one_rate_for_every_mode() {
        ExperimentPlan quick = plan("--quick");
        assertThat(quick.concurrencyLevels()).containsExactly(16, 256);
        assertThat(quick.arrivalRatesRps()).containsExactly(200.0);
        assertThat(quick.pointCount()).isEqualTo(12);
    }

    /**
     * {@code ./lab compare} without a scenario runs scenarios/sun.yaml, and that file says exactly what the lab did
     * before scenarios: these figures are the old hard-coded plan's.
     */
    @Test
    void without_a_scenario_it_runs_the_built_in_one_as_the_lab_always_did() {
        ExperimentPlan plan = plan();
        assertThat(plan.scenarioFile()).isEqualTo("scenarios/sun.yaml");
        assertThat(plan.variants()).containsExactly("blocking", "virtual", "async", "eventloop");
        assertThat(plan.concurrencyLevels()).containsExactly(16, 64, 256, 512);
        assertThat(plan.arrivalRatesRps()).containsExactly(200.0, 800.0);
        assertThat(plan.repeats()).isEqualTo(1);
        assertThat(plan.load().endpoint()).isEqualTo("sun");
        assertThat(plan.load().warmup()).hasSeconds(3);
        assertThat(plan.load().measure()).hasSeconds(8);
        assertThat(plan.load().requestTimeout()).hasSeconds(10);
        assertThat(plan.systemWarmup()).hasSeconds(5);
        assertThat(plan.mix().sent()).extracting(RequestMix.Request::path).containsExactly("/sun/#{zip}/#{country}");
        assertThat(plan.systems()).singleElement().satisfies(system -> {
            assertThat(system.variantModes()).containsExactly(Map.entry("blocking", "blocking"),
                    Map.entry("virtual", "virtual"), Map.entry("async", "async"), Map.entry("eventloop", "eventloop"));
            assertThat(system.commands()).isEmpty();
            assertThat(system.serviceConfig()).containsEntry("blocking.pool-size", "64")
                    .containsEntry("blocking.queue-size", "1024");
        });
        assertThat(plan.upstreams().meanLatencyMs()).containsExactly(Map.entry("location", 100.0),
                Map.entry("sun", 100.0), Map.entry("weather", 100.0));
        assertThat(StubCli.parseConfig(plan.upstreams().stubArgs().toArray(String[]::new)))
                .isEqualTo(StubCli.parseConfig("--latency-ms", "100", "--profile", "fixed"));
        assertThat(plan.floorMs("async")).isEqualTo(200.0);

        ExperimentPlan quick = plan("--quick");
        assertThat(quick.load().warmup()).hasSeconds(1);
        assertThat(quick.load().measure()).hasSeconds(3);
        assertThat(quick.systemWarmup()).hasSeconds(2);
    }

    /** The old rule: sun = location + sun, weather, city = max(location + sun, weather) but all three on blocking. */
    @Test
    void the_built_in_critical_paths_are_the_old_ones_for_every_endpoint_and_mode() {
        for (String mode : List.of("blocking", "virtual", "async")) {
            ExperimentPlan sun = plan("--endpoint", "sun", "--location-latency-ms", "30", "--sun-latency-ms", "50",
                    "--weather-latency-ms", "70");
            ExperimentPlan weather = plan("--endpoint", "weather", "--location-latency-ms", "30", "--sun-latency-ms",
                    "50", "--weather-latency-ms", "70");
            ExperimentPlan city = plan("--endpoint", "city", "--location-latency-ms", "30", "--sun-latency-ms", "50",
                    "--weather-latency-ms", "70");
            assertThat(sun.floorMs(mode)).isEqualTo(80.0);
            assertThat(weather.floorMs(mode)).isEqualTo(70.0);
            assertThat(city.floorMs(mode)).isEqualTo("blocking".equals(mode) ? 150.0 : 80.0);
            assertThat(city.load().endpoint()).isEqualTo("city");
        }
    }

    @Test
    void an_unknown_request_or_variant_names_what_the_scenario_has() {
        assertThatThrownBy(() -> plan("--endpoint", "moon")).isInstanceOf(LabException.class)
                .hasMessage("unknown --endpoint 'moon': the scenario's requests are [sun, weather, city]");
        assertThatThrownBy(() -> plan("--variants", "reactive")).isInstanceOf(LabException.class)
                .hasMessageStartingWith("unknown variant 'reactive': the scenario sun has [blocking, virtual, async, eventloop]");
    }
}

package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.run.ExperimentPlan;
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
    void quick_is_two_levels_and_one_rate_for_every_mode() {
        ExperimentPlan quick = plan("--quick");
        assertThat(quick.concurrencyLevels()).containsExactly(16, 256);
        assertThat(quick.arrivalRatesRps()).containsExactly(200.0);
        assertThat(quick.pointCount()).isEqualTo(9);
    }
}

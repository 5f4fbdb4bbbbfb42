package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's and baseline's command lines without load: exit codes and files. */
class GateCommandTest {

    @TempDir
    Path dir;

    @Test
    void a_missing_rules_file_exits_2_and_still_writes_the_ci_report() throws Exception {
        int exit = Lab.run("gate", "--rules", dir.resolve("none.yaml").toString(), "--report-dir",
                dir.resolve("report").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(dir.resolve("report/summary.md")).content().contains("could not judge, exit 2");
        assertThat(dir.resolve("report/junit.xml")).content().contains("<error message=");
    }

    @Test
    void a_bad_option_exits_2() {
        assertThat(Lab.run("gate", "--repeats", "many")).isEqualTo(2);
    }

    @Test
    void a_bad_option_of_a_nested_command_points_at_that_commands_help() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(Lab.run("baseline", "save", "ci", "--frm", "x")).isEqualTo(2);
            assertThat(Lab.run("gate", "--repeats", "many")).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).contains("(see ./lab baseline save --help)")
                .contains("(see ./lab gate --help)");
    }

    @Test
    void a_bad_base_build_exits_2_before_starting_anything() throws Exception {
        Path rules = Path.of("..", "gate", "rules.yaml").toAbsolutePath();
        assertThat(Lab.run("gate", "--rules", rules.toString(), "--base-build", dir.toString(), "--results",
                dir.resolve("results").toString())).isEqualTo(2);
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void judging_an_existing_run_and_saving_a_baseline_from_it() throws Exception {
        Path run = dev.loadlab.lab.gate.GateFixtures.slowerB(dir.resolve("run"));
        Path rules = Path.of("..", "gate", "rules.yaml").toAbsolutePath();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        assertThat(Lab.run("gate", "--rules", rules.toString(), "--run", run.toString())).isEqualTo(1);
        assertThat(run.resolve("gate/verdicts.json")).content().contains("throughput-vs-baseline");

        assertThat(Lab.run("baseline", "save", "ci", "--from", run.toString(), "--dir", dir.resolve("b").toString()))
                .isZero();
        assertThat(dir.resolve("b/ci.json")).content().contains("\"trials\"").contains("\"serviceCpuUsPerRequest\"");
        assertThat(Lab.run("baseline", "save", "ci", "--from", run.toString(), "--dir", dir.resolve("b").toString()))
                .as("an existing baseline is only replaced with --force").isEqualTo(2);
        assertThat(Lab.run("baseline", "save", "ci", "--from", run.toString(), "--dir", dir.resolve("b").toString(),
                "--side", "base", "--force")).isZero();
        assertThat(Files.readString(dir.resolve("b/ci.json"))).contains("\"side\" : \"base\"");
    }
}

package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        // B's async throughput at 8 users: medians 36.5 (A) -> 30.5 (B) req/s, -16.4%, below the rule's -10%
        Path run = dev.loadlab.lab.gate.GateFixtures.slowerB(dir.resolve("run"));
        Path rules = Path.of("..", "gate", "rules.yaml").toAbsolutePath();
        Path baseline = dir.resolve("b").resolve("ci.json");

        String gate = stdout(() -> assertThat(Lab.run("gate", "--rules", rules.toString(), "--run", run.toString()))
                .isEqualTo(1));

        assertThat(gate).contains("FAIL  throughput-vs-baseline[async@8]", "measured -16.4% (36.5 -> 30.5 req/s",
                "gate: FAIL, exit 1 (15 passed, 1 failed, 0 warned, 0 skipped, 0 not judged):"
                        + " throughput-vs-baseline[async@8]");
        assertThat(run.resolve("gate/verdicts.json")).content().contains("throughput-vs-baseline");

        String saved = stdout(() -> assertThat(Lab.run("baseline", "save", "ci", "--from", run.toString(), "--dir",
                dir.resolve("b").toString())).isZero());

        // head: 5 trials of async@8, 2 each of blocking, virtual and eventloop @32, 5 of async@32 and @128; medians
        assertThat(saved).startsWith("baseline " + baseline + ": 21 trials of head from run 20261125-010000-gate");
        assertThat(rows(saved)).contains(List.of("async", "8", "5", "30.5", "290", "1500"),
                List.of("async", "32", "5", "142.0", "300", "1200"), List.of("blocking", "32", "2", "36.8", "900", "1500"),
                List.of("eventloop", "32", "2", "145.0", "300", "1000"), List.of("async", "128", "5", "600.0", "400", "600"));
        assertThat(saved.lines().map(line -> line.indexOf(" 32 ") < 0 ? -1 : line.indexOf(" 32 ")).filter(i -> i >= 0)
                .distinct()).as("the users column lines up under the longest mode").hasSize(1);
        assertThat(baseline).content().contains("\"trials\"").contains("\"serviceCpuUsPerRequest\"");
        assertThat(Lab.run("baseline", "save", "ci", "--from", run.toString(), "--dir", dir.resolve("b").toString()))
                .as("an existing baseline is only replaced with --force").isEqualTo(2);

        String replaced = stdout(() -> assertThat(Lab.run("baseline", "save", "ci", "--from", run.toString(), "--dir",
                dir.resolve("b").toString(), "--side", "base", "--force")).isZero());

        // base (A): 5 trials each of async@8, async@32 and async@128, no blocking
        assertThat(replaced).startsWith("baseline " + baseline + ": 15 trials of base from run 20261125-010000-gate");
        assertThat(rows(replaced)).contains(List.of("async", "8", "5", "36.5", "250", "1500"))
                .noneMatch(row -> row.getFirst().equals("blocking"));
        assertThat(Files.readString(baseline)).contains("\"side\" : \"base\"");
    }

    /** The printed lines as lists of words, so that column widths do not matter. */
    private static List<List<String>> rows(String printed) {
        return printed.lines().map(line -> List.of(line.trim().split("\\s+"))).toList();
    }

    /** What the command printed on standard output (picocli takes System.out when a command line is built). */
    private static String stdout(Runnable command) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            command.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

package dev.loadlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One lifecycle for every run folder: compare's and gate's summary.json here, the scenarios' in ReliabilityRunTest. */
class RunLifecycleTest {

    @TempDir
    Path results;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(printed, true);

    private RunLifecycle<Summary> create() {
        return RunLifecycle.create(results, "unit", "./lab compare", SummaryFiles.SUMMARY,
                info -> new Summary(Summary.SCHEMA_VERSION, info, null, List.of()));
    }

    @Test
    void a_summary_is_incomplete_while_its_run_goes_and_complete_after_with_every_update() {
        RunLifecycle<Summary> run = create();
        AtomicReference<Summary> during = new AtomicReference<>();

        String value = run.execute(console, r -> {
            r.update(s -> s.withPoints(List.of()));
            during.set(SummaryFiles.read(r.dir()));
            return "done";
        });

        assertThat(value).isEqualTo("done");
        assertThat(during.get().run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(during.get().run().reason()).isEqualTo("running");
        Summary after = SummaryFiles.read(run.dir());
        assertThat(after.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(after.run().endedAt()).isNotNull();
        assertThat(after.run().command()).isEqualTo("./lab compare");
        assertThat(printed.toString()).isEqualTo("run folder: " + run.dir() + System.lineSeparator());
    }

    @Test
    void a_lab_exception_keeps_its_exit_code_and_names_the_folder_in_its_one_line() {
        RunLifecycle<Summary> run = create();

        assertThatThrownBy(() -> run.execute(console, r -> {
            throw new LabException("preflight: variant x, GET ...: connection refused", 2, null);
        })).isInstanceOf(LabException.class)
                .hasMessage("preflight: variant x, GET ...: connection refused (run marked incomplete: " + run.dir()
                        + ")")
                .satisfies(e -> assertThat(((LabException) e).exitCode()).isEqualTo(2));

        Summary after = SummaryFiles.read(run.dir());
        assertThat(after.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(after.run().reason()).isEqualTo("preflight: variant x, GET ...: connection refused");
    }

    @Test
    void any_other_failure_leaves_the_run_incomplete_with_what_was_thrown() {
        RunLifecycle<Summary> run = create();

        assertThatThrownBy(() -> run.execute(console, r -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(SummaryFiles.read(run.dir()).run().reason()).isEqualTo("java.lang.IllegalStateException: bug");
    }
}

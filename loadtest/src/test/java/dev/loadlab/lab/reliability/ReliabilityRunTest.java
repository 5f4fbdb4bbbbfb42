package dev.loadlab.lab.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.run.LabException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's run folder: incomplete from the first instant, complete only with verdicts, never reused. */
class ReliabilityRunTest {

    @TempDir
    Path results;

    private final PrintStream console = new PrintStream(new ByteArrayOutputStream());

    @Test
    void a_run_says_incomplete_while_it_runs_and_complete_with_its_checks_after() {
        AtomicReference<ReliabilityResult> during = new AtomicReference<>();
        Path dir = ReliabilityRun.execute(results, "unit", "soak", "./lab soak", Map.of("rateRps", 10), console, run -> {
            during.set(ReliabilityResult.read(run.dir()));
            return List.of(Checks.of("alive", null, "yes", "both alive", true));
        });

        assertThat(during.get().run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(during.get().run().reason()).isEqualTo("running");
        ReliabilityResult done = ReliabilityResult.read(dir);
        assertThat(done.run().status()).isEqualTo(Summary.RunInfo.COMPLETE);
        assertThat(done.passed()).isTrue();
        assertThat(done.config()).containsEntry("rateRps", 10);
        assertThat(dir.resolve(ReliabilityResult.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void a_failure_leaves_the_folder_marked_incomplete_with_the_reason_and_no_verdict() {
        assertThatThrownBy(() -> ReliabilityRun.execute(results, "unit", "overload", "./lab overload", Map.of(),
                console, run -> {
                    throw new LabException("the service exited during the run");
                })).isInstanceOf(LabException.class).hasMessageContaining("run marked incomplete");

        ReliabilityResult result = ReliabilityResult.read(onlyRun());
        assertThat(result.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(result.run().reason()).isEqualTo("the service exited during the run");
        assertThat(result.passed()).isNull();
    }

    @Test
    void a_second_run_of_the_same_name_gets_its_own_folder() {
        Path first = ReliabilityRun.execute(results, "same", "soak", "./lab soak", Map.of(), console, run -> List.of());
        Path second = ReliabilityRun.execute(results, "same", "soak", "./lab soak", Map.of(), console, run -> List.of());

        assertThat(second).isNotEqualTo(first);
        assertThat(first.resolve(ReliabilityResult.FILE)).isRegularFile();
        assertThat(second.resolve(ReliabilityResult.FILE)).isRegularFile();
    }

    private Path onlyRun() {
        return RunFolders.onlyRun(results);
    }
}

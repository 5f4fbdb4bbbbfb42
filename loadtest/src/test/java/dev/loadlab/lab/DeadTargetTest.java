package dev.loadlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./lab compare --target} against a port nothing listens on: one line, exit 2, no load, no complete run. */
class DeadTargetTest {

    @TempDir
    Path results;

    @Test
    void compare_against_a_closed_port_exits_2_with_one_line_and_leaves_no_complete_run() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String target = "http://127.0.0.1:" + closed + "/api";
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Lab());
        commandLine.setErr(new PrintWriter(err, true));

        long start = System.nanoTime();
        int exit = Lab.run(commandLine, "compare", "--target", "x=" + target, "--quick", "--results",
                results.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(exit).isEqualTo(2);
        assertThat(took).isLessThan(Duration.ofSeconds(10)); // a sweep of --quick takes minutes
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("lab: preflight: variant x, GET " + target + "/sun/97201/us:"
                + " connection refused; nothing answers there: start the service, or correct the URL (--target x="
                + target + ")");
        assertThat(results.resolve("latest")).doesNotExist();
        Summary summary = SummaryFiles.read(onlyRun());
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(summary.run().reason()).startsWith("preflight: variant x");
        assertThat(summary.points()).isEmpty();
        assertThat(onlyRun().resolve("points")).doesNotExist();
    }

    private Path onlyRun() {
        return RunFolders.onlyRun(results);
    }
}

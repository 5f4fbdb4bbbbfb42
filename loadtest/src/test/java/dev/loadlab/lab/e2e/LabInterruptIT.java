package dev.loadlab.lab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.RunFolders;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.ChildProcess;
import dev.loadlab.lab.run.Jvm;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in the middle of a run: no JVM is left behind, no port left listening, the run says incomplete. */
class LabInterruptIT {

    private static final Pattern STARTED = Pattern.compile(
            "service http://127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)\\), stubs pid (\\d+)");

    @TempDir
    Path results;

    @Test
    void ctrl_c_mid_run_stops_every_child_and_marks_the_run_incomplete() throws Exception {
        ChildProcess lab = ChildProcess.start("lab", List.of(Jvm.java(), "-Dloadlab.home=" + Jvm.home(),
                "-cp", Jvm.loadtestClassPath(), "dev.loadlab.lab.Lab", "compare", "--results", results.toString(),
                "--variants", "async", "--levels", "8", "--rates", "none", "--warmup", "1s", "--measure", "60s",
                "--system-warmup", "0s"), results.resolve("lab.log"));
        Matcher started = lab.awaitLine(STARTED, Duration.ofSeconds(60));
        int servicePort = Integer.parseInt(started.group(1));
        long servicePid = Long.parseLong(started.group(2));
        long stubPid = Long.parseLong(started.group(3));
        lab.awaitLine(Pattern.compile("\\[ 1/1\\]"), Duration.ofSeconds(30));
        ProcessHandle gatling = awaitChild(lab.pid(), "io.gatling.app.Gatling", Duration.ofSeconds(60)); // mid-point

        new ProcessBuilder("kill", "-INT", String.valueOf(lab.pid())).start().waitFor();
        lab.waitFor(Duration.ofSeconds(60));

        assertThat(gatling.isAlive()).as("Gatling JVM alive").isFalse();
        assertThat(ProcessHandle.of(servicePid).filter(ProcessHandle::isAlive)).as("service JVM alive").isEmpty();
        assertThat(ProcessHandle.of(stubPid).filter(ProcessHandle::isAlive)).as("stub JVM alive").isEmpty();
        // The Gatling JVM (and any other child) had this test's results folder on its command line.
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(commandLine -> commandLine.contains(results.toString()))).as("children alive").isEmpty();
        assertThat(listening(servicePort)).as("service port still open").isFalse();

        Path runDir;
        runDir = RunFolders.onlyRun(results);
        Summary summary = SummaryFiles.read(runDir);
        assertThat(summary.run().status()).isEqualTo(Summary.RunInfo.INCOMPLETE);
        assertThat(summary.run().reason()).contains("interrupted");
        assertThat(results.resolve("latest")).doesNotExist();
    }

    /** Waits until a live descendant of {@code pid} has {@code mainClass} on its command line. */
    private static ProcessHandle awaitChild(long pid, String mainClass, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ProcessHandle> child = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(mainClass)).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            assertThat(System.nanoTime() - deadline).as(mainClass + " started within " + timeout).isNegative();
            Thread.sleep(50); // poll the condition; the deadline above bounds the wait
        }
    }

    private static boolean listening(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }
}

package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.ChildProcess;
import dev.loadlab.lab.run.Environments;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.RunFolder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The run folder of one reliability scenario, {@code <results>/runs/<timestamp>-<name>/}: created once (never
 * reused, never overwritten), with {@code reliability.json} marked {@code incomplete} (reason {@code running}) from
 * the first instant and rewritten atomically after every change. It says {@code complete} only once every check has
 * a verdict; a crash, a LabException or Ctrl-C leave it {@code incomplete} with the reason. Every child process is
 * stopped by PID whatever happens. {@code results/latest} is left alone: it points at comparison runs.
 */
final class ReliabilityRun {

    private final Path dir;
    private ReliabilityResult result;
    private boolean finished;

    private ReliabilityRun(Path dir, ReliabilityResult result) {
        this.dir = dir;
        this.result = result;
    }

    /**
     * Creates the folder, runs {@code body} (which returns the checks) and marks the run complete; returns the run
     * folder. The body may update the result as it goes ({@link #update}).
     */
    static Path execute(Path resultsDir, String name, String kind, String commandLine, Map<String, Object> config,
                        PrintStream console, Function<ReliabilityRun, List<ReliabilityResult.Check>> body) {
        Path dir = RunFolder.create(resultsDir, name);
        ReliabilityRun run = new ReliabilityRun(dir, new ReliabilityResult(ReliabilityResult.SCHEMA_VERSION, kind,
                new Summary.RunInfo(dir.getFileName().toString(), name, Summary.RunInfo.INCOMPLETE, "running",
                        Instant.now().toString(), null, Environments.gitCommit(), commandLine,
                        Environments.current()),
                config, List.of(), List.of(), List.of(), null));
        run.write();
        Thread onCtrlC = new Thread(() -> run.end(Summary.RunInfo.INCOMPLETE,
                "interrupted (Ctrl-C or kill) before the scenario finished"));
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        console.printf("run folder: %s%n", dir);
        try {
            List<ReliabilityResult.Check> checks = body.apply(run);
            run.update(r -> r.withChecks(checks));
            run.end(Summary.RunInfo.COMPLETE, null);
            return dir;
        } catch (LabException e) {
            run.end(Summary.RunInfo.INCOMPLETE, e.getMessage());
            throw new LabException(e.getMessage() + " (run marked incomplete: " + dir + ")", e.exitCode(), e);
        } catch (RuntimeException | Error e) {
            run.end(Summary.RunInfo.INCOMPLETE, String.valueOf(e));
            throw e;
        } finally {
            ChildProcess.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook does its job
            }
        }
    }

    Path dir() {
        return dir;
    }

    synchronized ReliabilityResult result() {
        return result;
    }

    /** Changes the result and rewrites reliability.json atomically. */
    synchronized void update(UnaryOperator<ReliabilityResult> change) {
        result = change.apply(result);
        write();
    }

    private synchronized void end(String status, String reason) {
        if (!finished) {
            finished = true;
            update(r -> r.withRun(r.run().ended(status, reason, Instant.now().toString())));
        }
    }

    private void write() {
        SummaryFiles.writeJson(dir.resolve(ReliabilityResult.FILE), result);
    }
}

package dev.loadlab.lab.run;

import dev.loadlab.lab.results.RunRecord;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The life of one run folder, the same for every kind of run ({@code compare} and {@code gate} write
 * {@code summary.json}; {@code resilience}, {@code overload} and {@code soak} write {@code reliability.json}):
 * the folder is created once and never reused; its record says {@code incomplete} (reason {@code running}) from
 * the first instant and is rewritten atomically on every change; it says {@code complete} only when the run's body
 * returns. A failure or Ctrl-C leave it {@code incomplete} with the reason, and every child process is stopped by
 * its PID whatever happens.
 *
 * @param <R> the record written to the folder
 */
public final class RunLifecycle<R extends RunRecord<R>> {

    private final Path dir;
    private final Path file;
    private R record;
    private boolean ended;

    private RunLifecycle(Path dir, Path file, R record) {
        this.dir = dir;
        this.file = file;
        this.record = record;
    }

    /**
     * Creates {@code <results>/runs/<timestamp>-<name>/} and writes its record, marked incomplete ("running").
     *
     * @param fileName the record's file in the folder
     * @param initial  the record, given its run information
     */
    public static <R extends RunRecord<R>> RunLifecycle<R> create(Path resultsDir, String name, String commandLine,
                                                                  String fileName,
                                                                  Function<Summary.RunInfo, R> initial) {
        Path dir = RunFolder.create(resultsDir, name);
        Summary.RunInfo info = new Summary.RunInfo(dir.getFileName().toString(), name, Summary.RunInfo.INCOMPLETE,
                "running", Instant.now().toString(), null, Environments.gitCommit(), commandLine,
                Environments.current());
        RunLifecycle<R> run = new RunLifecycle<>(dir, dir.resolve(fileName), initial.apply(info));
        run.write();
        return run;
    }

    /**
     * Runs {@code body} and marks the run complete when it returns, incomplete with the reason when it throws (a
     * {@link LabException} is rethrown with the folder named, keeping one line). Every child process is stopped
     * either way, and on Ctrl-C.
     */
    public <T> T execute(PrintStream console, Function<RunLifecycle<R>, T> body) {
        Thread onCtrlC = new Thread(() -> end(Summary.RunInfo.INCOMPLETE,
                "interrupted (Ctrl-C or kill) before the run finished"));
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        console.printf("run folder: %s%n", dir);
        try {
            T value = body.apply(this);
            end(Summary.RunInfo.COMPLETE, null);
            return value;
        } catch (LabException e) {
            end(Summary.RunInfo.INCOMPLETE, e.getMessage());
            throw new LabException(e.getMessage() + " (run marked incomplete: " + dir + ")", e.exitCode(), e);
        } catch (RuntimeException | Error e) {
            end(Summary.RunInfo.INCOMPLETE, String.valueOf(e));
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

    public Path dir() {
        return dir;
    }

    public synchronized R record() {
        return record;
    }

    /** Changes the record and rewrites it atomically, so a crash leaves a true picture. */
    public synchronized void update(UnaryOperator<R> change) {
        record = change.apply(record);
        write();
    }

    private synchronized void end(String status, String reason) {
        if (!ended) {
            ended = true;
            update(r -> r.withRun(r.run().ended(status, reason, Instant.now().toString())));
        }
    }

    private void write() {
        SummaryFiles.writeJson(file, record);
    }
}

package dev.loadlab.lab.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the lab started: output goes to a log file in the run folder, readiness is a line in that log,
 * and stopping is by this process's own PID (TERM, then KILL after a grace period). Every child is
 * registered so that a failure or Ctrl-C stops all of them and no JVM is left listening.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAll, "loadlab-stop-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Path log) {
        try {
            return start(name, new ProcessBuilder(command), log);
        } catch (IOException e) {
            throw new LabException("cannot start " + name + " (" + command.getFirst() + "): " + e.getMessage()
                    + "; check that a JDK >= 21 is installed", e);
        }
    }

    /**
     * Starts a process set up by the caller (command, working directory, environment); output to {@code log}.
     * Throws the IOException of a command that cannot run, for the caller to explain.
     */
    public static ChildProcess start(String name, ProcessBuilder builder, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        ChildProcess child = new ChildProcess(name, process, log);
        RUNNING.add(child);
        return child;
    }

    /** Waits for the first log line matching {@code ready}; fails early if the process dies. */
    public Matcher awaitLine(Pattern ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Matcher> match = findInLog(ready);
            if (match.isPresent()) {
                return match.get();
            }
            if (!process.isAlive()) {
                throw new LabException(name + " exited with code " + process.exitValue() + " before it was ready: "
                        + lastLines(3) + " (full log: " + log + ")");
            }
            sleep(50);
        }
        close();
        throw new LabException(name + " was not ready within " + timeout.toSeconds() + " s (log: " + log + ")");
    }

    /** Complete lines only: a line still being written could match a prefix of what it will say. */
    private Optional<Matcher> findInLog(Pattern pattern) {
        try {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\r?\n")) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return Optional.of(matcher);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the log is still being created
        }
        return Optional.empty();
    }

    /** The last lines of the log, joined, for one-line error messages. */
    public String lastLines(int count) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no output)";
        }
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; kills it past the timeout. Returns the exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new LabException(name + " did not finish within " + timeout.toSeconds() + " s and was stopped"
                        + " (log: " + log + ")");
            }
            RUNNING.remove(this);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LabException(name + " was interrupted", e);
        }
    }

    /** Stops this process (and anything it started) by PID: TERM, then KILL after 10 s. */
    @Override
    public void close() {
        RUNNING.remove(this);
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    public static void stopAll() {
        List.copyOf(RUNNING).forEach(ChildProcess::close);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting", e);
        }
    }
}

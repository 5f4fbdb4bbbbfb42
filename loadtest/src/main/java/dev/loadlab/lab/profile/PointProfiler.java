package dev.loadlab.lab.profile;

import dev.loadlab.lab.results.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records JDK Flight Recorder evidence inside a variant's JVM over one point's measured window, through
 * {@code jcmd PID JFR.start} (the JVM needs no option at its start). The recording starts {@link #LEAD} before the
 * window's first edge (a delay counted from the start call, so the JFR start-up cost falls in the warm-up), is
 * bounded in size, and is stopped once the point's load generator exited; only events inside the window are
 * summarised and drawn. Anything that goes wrong (not a JVM, attach refused, disk full) ends the evidence, never the
 * point: the point then says "no evidence: why".
 *
 * <p>Only PIDs of processes the lab started are given here (the lab's service, a scenario variant's command).
 */
public final class PointProfiler {

    /** How long before the window's first edge the recording starts. */
    public static final Duration LEAD = Duration.ofSeconds(1);
    /** Bound on the recording's size on disk (a few MB for a point of seconds). */
    public static final String MAX_SIZE = "64m";
    public static final String RECORDING = "recording.jfr";
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

    /** What to record: the JVM's PID and what its summary needs to know about it. */
    public record Target(String variant, long pid, List<String> appPackages, String poolThreadPrefix) {
    }

    private PointProfiler() {
    }

    /**
     * Starts recording. Never throws: a failure is a session that reports why there is no evidence.
     *
     * @param target        the JVM; empty when there is none to record, {@code whyNot} says why
     * @param profileDir    {@code points/<id>/profile}
     * @param untilWindow   time from now to the window's first edge (at least: the start call's own time adds
     *                      to the lead)
     * @param settings      the .jfc to record with ({@link #settingsFile})
     */
    public static Session start(Optional<Target> target, String whyNot, Path profileDir, Duration untilWindow,
                                Duration measure, Path settings, Path jcmd) {
        if (target.isEmpty()) {
            return new Session(null, profileDir, null, jcmd, whyNot);
        }
        Target t = target.get();
        Optional<String> notJvm = JvmCheck.whyNotAttachable(t.pid());
        if (notJvm.isPresent()) {
            return new Session(t, profileDir, null, jcmd, t.variant() + " (pid " + t.pid() + ") " + notJvm.get());
        }
        String name = "loadlab-" + profileDir.getParent().getFileName();
        long delayMs = Math.max(0, untilWindow.minus(LEAD).toMillis());
        // a safety bound only: the lab stops it when the point is done; were the lab killed, it ends by itself
        long durationS = (delayMs + LEAD.toMillis() + measure.toMillis()) / 1000 + 120;
        try {
            Files.createDirectories(profileDir);
            Path file = profileDir.resolve(RECORDING).toAbsolutePath();
            List<String> command = new ArrayList<>(List.of("JFR.start", "name=" + name,
                    "settings=" + settings.toAbsolutePath(), "duration=" + durationS + "s", "maxsize=" + MAX_SIZE,
                    "disk=true", "filename=" + file));
            if (delayMs >= 1000) { // JFR refuses a delay under a second: a shorter one starts now, a longer lead
                command.add("delay=" + delayMs + "ms");
            }
            Result started = jcmd(jcmd, t.pid(), command.toArray(String[]::new));
            if (!started.ok()) {
                return new Session(t, profileDir, null, jcmd, "jcmd JFR.start on " + t.variant() + " (pid " + t.pid()
                        + ") failed: " + started.summary());
            }
            return new Session(t, profileDir, name, jcmd, null);
        } catch (IOException e) {
            return new Session(t, profileDir, null, jcmd, "cannot start a recording in " + t.variant() + ": "
                    + e.getMessage());
        }
    }

    /** Copies the lab's settings (loadlab.jfc) into the run folder, where the target JVM can read it. */
    public static Path settingsFile(Path runDir) {
        Path file = runDir.resolve("loadlab.jfc");
        try (InputStream in = PointProfiler.class.getResourceAsStream("loadlab.jfc")) {
            if (in == null) {
                throw new IllegalStateException("loadlab.jfc is missing from the class path");
            }
            Files.createDirectories(runDir);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One point's recording, from its start to its summary. */
    public static final class Session {
        private final Target target;
        private final Path dir;
        private final String recordingName;
        private final Path jcmd;
        private final String failure;

        private Session(Target target, Path dir, String recordingName, Path jcmd, String failure) {
            this.target = target;
            this.dir = dir;
            this.recordingName = recordingName;
            this.jcmd = jcmd;
            this.failure = failure;
        }

        /**
         * Stops the recording and writes {@code jfr-summary.json} and {@code flame.html} for the point's window;
         * deletes the recording unless {@code keepJfr}. Call once the point's load generators exited.
         *
         * @param runDir for the relative paths in summary.json
         */
        public Summary.Profile finish(Summary.Point point, Path runDir, boolean keepJfr) {
            if (failure != null) {
                return Summary.Profile.none(failure);
            }
            Path file = dir.resolve(RECORDING);
            try {
                Result stopped = jcmd(jcmd, target.pid(), "JFR.stop", "name=" + recordingName);
                if (!awaitFile(file)) {
                    return Summary.Profile.none("the recording of " + target.variant() + " was not written ("
                            + stopped.summary() + ")");
                }
                return summarise(point, runDir, file);
            } catch (IOException | RuntimeException e) {
                return Summary.Profile.none("the recording of " + target.variant() + " could not be read: " + e);
            } finally {
                if (!keepJfr) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // left behind; the run folder is the user's to clean
                    }
                }
            }
        }

        private Summary.Profile summarise(Summary.Point point, Path runDir, Path file) throws IOException {
            long from = point.window().startEpochMs();
            long to = point.window().endEpochMs();
            JfrSummary summary = JfrAnalysis.summarise(file, from, to, point.requests().total(),
                    new Layers(target.appPackages()), target.poolThreadPrefix());
            Path summaryFile = dir.resolve(JfrSummary.FILE);
            summary.write(summaryFile);
            String flame = null;
            try {
                FlameGraph.write(file, dir.resolve(FlameGraph.FILE), from, to, "CPU: " + point.id());
                flame = relative(runDir, dir.resolve(FlameGraph.FILE));
            } catch (IOException | RuntimeException e) {
                // the summary stands without the picture
            }
            return new Summary.Profile(relative(runDir, dir), flame, relative(runDir, summaryFile),
                    summary.cpuSamples(), summary.cpuByLayer(), summary.pinnedEvents(),
                    summary.topPinnedStacks().isEmpty() ? null
                            : JfrAnalysis.condensed(summary.topPinnedStacks().getFirst().frames(),
                            new Layers(target.appPackages()), 10),
                    summary.pool() == null ? null : summary.pool().socketReadShare(), null);
        }
    }

    private static String relative(Path runDir, Path file) {
        return runDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    /** The file is complete once JFR renamed it into place; JFR.stop returns after that, a duration end soon after. */
    private static boolean awaitFile(Path file) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.isRegularFile(file) && Files.size(file) > 0) {
                    return true;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0 && !output.contains("Exception") && !output.contains("Could not")
                    && !output.contains("Error");
        }

        String summary() {
            String text = output.strip().replaceAll("\\s+", " ");
            return "exit " + exit + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..."
                    : text));
        }
    }

    private static Result jcmd(Path jcmd, long pid, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "jcmd did not answer within " + JCMD_TIMEOUT.toSeconds() + " s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }
}

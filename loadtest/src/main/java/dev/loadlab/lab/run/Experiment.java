package dev.loadlab.lab.run;

import dev.loadlab.lab.results.CriticalPath;
import dev.loadlab.lab.results.PointAssembler;
import dev.loadlab.lab.results.PointResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run, start to finish: start the system under test (unless targets are given), run every point in
 * its own Gatling JVM after the previous point's backlog drained, write {@code summary.json} after each
 * point (marked incomplete until the last one), and stop every child process whatever happens.
 */
public final class Experiment {

    private final ExperimentPlan plan;
    private final PrintStream console;

    public Experiment(ExperimentPlan plan, PrintStream console) {
        this.plan = plan;
        this.console = console;
    }

    /** Runs the plan; returns the run folder. Throws {@link LabException} (the run marked incomplete) on failure. */
    public Path run() {
        Path runDir = RunFolder.create(plan.resultsDir(), plan.name());
        Summary summary = new Summary(Summary.SCHEMA_VERSION,
                new Summary.RunInfo(runDir.getFileName().toString(), plan.name(), Summary.RunInfo.INCOMPLETE,
                        "running", Instant.now().toString(), null, Environments.gitCommit(), plan.commandLine(),
                        Environments.current()),
                plan.config(null), List.of());
        SummaryFiles.write(runDir, summary);
        RunState state = new RunState(runDir, summary);
        Thread onCtrlC = new Thread(() -> state.abandon("interrupted (Ctrl-C or kill) before the last point"));
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        console.printf("run folder: %s%n", runDir);
        try {
            runPoints(runDir, state);
            state.finish(Summary.RunInfo.COMPLETE, null);
            RunFolder.markLatest(plan.resultsDir(), runDir);
            return runDir;
        } catch (LabException e) {
            state.finish(Summary.RunInfo.INCOMPLETE, e.getMessage());
            throw new LabException(e.getMessage() + " (run marked incomplete: " + runDir + ")", e.exitCode(), e);
        } catch (RuntimeException e) {
            state.finish(Summary.RunInfo.INCOMPLETE, String.valueOf(e));
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

    private void runPoints(Path runDir, RunState state) {
        EmbeddedSystem system = plan.embedded()
                ? EmbeddedSystem.start(runDir.resolve("logs"), plan.stubArgs(), plan.serviceConfig(),
                plan.serviceJvmArgs())
                : null;
        try {
            if (system != null) {
                state.update(state.summary.withConfig(plan.config(system)));
                console.printf("service %s (pid %d), stubs pid %d%n", system.serviceUrl(), system.servicePid(),
                        system.stubPid());
            }
            List<PointSpec> points = plan.points(system);
            SystemWarmUp.run(plan.variants().stream().map(v -> points.stream().filter(p -> p.variant().equals(v))
                    .findFirst().orElseThrow().targetUrl()).toList(), plan.load().endpoint(), plan.systemWarmup(),
                    console);
            Progress progress = new Progress(console, points.size(), plan.estimatedPointDuration());
            for (PointSpec spec : points) {
                progress.starting(spec);
                Summary.Point point = runPoint(runDir, spec, system);
                state.addPoint(point);
                progress.finished(point);
            }
        } finally {
            if (system != null) {
                system.close();
            }
        }
    }

    private Summary.Point runPoint(Path runDir, PointSpec spec, EmbeddedSystem system) {
        if (system != null) {
            if (!system.alive()) {
                throw new LabException("the service or the stub upstreams exited during the run; see "
                        + runDir.resolve("logs"));
            }
            system.probe().awaitDrained(Duration.ofSeconds(120));
        } else {
            sleep(plan.settleBetweenTargetPoints());
        }
        int injectors = plan.injectors();
        double share = 1.0 / injectors;
        Path pointDir = runDir.resolve("points").resolve(spec.id());
        OptionalLong servicePid = system == null ? OptionalLong.empty() : OptionalLong.of(system.servicePid());
        OptionalLong stubPid = system == null ? OptionalLong.empty() : OptionalLong.of(system.stubPid());
        List<ChildProcess> gatlings = new ArrayList<>();
        List<Path> injectorDirs = new ArrayList<>();
        for (int i = 1; i <= injectors; i++) {
            Path injectorDir = injectors == 1 ? pointDir : pointDir.resolve("injector-" + i);
            injectorDirs.add(injectorDir);
            // Only the first injector samples the service and stub CPU: they are the same processes for all.
            gatlings.add(GatlingPoint.launch(spec, plan.load(), share, injectorDir,
                    i == 1 ? servicePid : OptionalLong.empty(), i == 1 ? stubPid : OptionalLong.empty()));
        }
        List<PointResult> results = new ArrayList<>();
        for (int i = 0; i < injectors; i++) {
            int exit = gatlings.get(i).waitFor(GatlingPoint.timeout(plan.load()));
            results.add(GatlingPoint.collect(spec, plan.load(), share, injectorDirs.get(i), exit, gatlings.get(i)));
        }
        Path histograms = runDir.resolve("histograms");
        createDirectories(histograms);
        double criticalPathMs = CriticalPath.ms(plan.load().endpoint(), spec.variant(), plan.meanLatencyMs());
        Integer poolSize = plan.embedded() && "blocking".equals(spec.variant()) ? plan.blockingPoolSize() : null;
        return PointAssembler.assemble(spec.id(), spec.variant(), spec.repeat(), results, criticalPathMs, poolSize,
                histograms.resolve(spec.id() + ".hlog"), runDir);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }

    /** The summary as it stands; rewritten atomically after every change so a crash leaves a true picture. */
    private static final class RunState {
        private final Path runDir;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile Summary summary;

        RunState(Path runDir, Summary summary) {
            this.runDir = runDir;
            this.summary = summary;
        }

        synchronized void update(Summary newSummary) {
            summary = newSummary;
            SummaryFiles.write(runDir, summary);
        }

        synchronized void addPoint(Summary.Point point) {
            List<Summary.Point> points = new ArrayList<>(summary.points());
            points.add(point);
            update(summary.withPoints(points));
        }

        synchronized void finish(String status, String reason) {
            if (finished.compareAndSet(false, true)) {
                update(summary.withRun(summary.run().ended(status, reason, Instant.now().toString())));
            }
        }

        void abandon(String reason) {
            finish(Summary.RunInfo.INCOMPLETE, reason);
        }
    }

    /** Lines like {@code [ 3/18] async     closed 64 users   ~4m10s left}. */
    private static final class Progress {
        private final PrintStream console;
        private final int total;
        private final long startNanos = System.nanoTime();
        private final Duration estimatePerPoint;
        private int done;

        Progress(PrintStream console, int total, Duration estimatePerPoint) {
            this.console = console;
            this.total = total;
            this.estimatePerPoint = estimatePerPoint;
        }

        void starting(PointSpec spec) {
            Duration perPoint = done == 0 ? estimatePerPoint
                    : Duration.ofNanos((System.nanoTime() - startNanos) / done);
            Duration left = perPoint.multipliedBy(total - done);
            console.printf("[%2d/%d] %-32s ~%dm%02ds left%n", done + 1, total, spec.describe(),
                    left.toMinutes(), left.toSecondsPart());
        }

        void finished(Summary.Point point) {
            done++;
            console.printf("        %8.1f req/s  (%3.0f%% of bound)  p50 %7.1f ms  p99 %7.1f ms  ko %d%n",
                    point.throughputRps(), point.bound().efficiency() * 100, point.latencyMs().p50(),
                    point.latencyMs().p99(), point.requests().ko());
        }
    }
}

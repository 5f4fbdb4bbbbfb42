package dev.loadlab.lab.run;

import dev.loadlab.lab.profile.JvmCheck;
import dev.loadlab.lab.profile.PointProfiler;
import dev.loadlab.lab.results.PointAssembler;
import dev.loadlab.lab.results.PointNotes;
import dev.loadlab.lab.results.PointResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.scenario.Scenario;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One run, start to finish: start the system under test (unless targets are given), check every variant answers
 * (preflight), run every point in its own Gatling JVM after the previous point's backlog drained, and write
 * {@code summary.json} after each point. The folder's lifecycle (incomplete until the last point, Ctrl-C, every
 * child process stopped whatever happens) is {@link RunLifecycle}'s, as for every kind of run.
 */
public final class Experiment {

    /** The name prefix of the lab's service's blocking-pool threads (service: BlockingSunApi's thread factory). */
    static final String BLOCKING_POOL_THREADS = "blocking-pool-";

    private final ExperimentPlan plan;
    private final PrintStream console;
    private Path jfrSettings; // the run's copy of loadlab.jfc; null without evidence

    public Experiment(ExperimentPlan plan, PrintStream console) {
        this.plan = plan;
        this.console = console;
    }

    /** Runs the plan; returns the run folder. Throws {@link LabException} (the run marked incomplete) on failure. */
    public Path run() {
        RunLifecycle<Summary> run = RunLifecycle.create(plan.resultsDir(), plan.name(), plan.commandLine(),
                SummaryFiles.SUMMARY, info -> new Summary(Summary.SCHEMA_VERSION, info, plan.config(Map.of()),
                        List.of()));
        Path runDir = run.execute(console, r -> {
            runPoints(r);
            return r.dir();
        });
        RunFolder.markLatest(plan.resultsDir(), runDir);
        return runDir;
    }

    private void runPoints(RunLifecycle<Summary> run) {
        Path runDir = run.dir();
        Path requestMix = runDir.resolve("requests.json");
        plan.mix().write(requestMix); // what every point's simulation sends (LoadSettings#requestMixFile)
        jfrSettings = plan.evidence().record() ? PointProfiler.settingsFile(runDir) : null;
        Map<String, EmbeddedSystem> systems = new LinkedHashMap<>();
        try {
            systems.putAll(startSystems(runDir));
            systems.forEach((name, system) -> console.printf("%s%sstubs pid %d%n",
                    plan.systems().size() == 1 ? "" : name + ": ", system.startsService()
                            ? "service " + system.serviceUrl() + " (pid " + system.servicePid() + "), " : "",
                    system.stubPid()));
            Map<String, String> variantUrls = new LinkedHashMap<>(plan.targets());
            plan.systems().forEach(spec -> {
                EmbeddedSystem system = systems.get(spec.name());
                spec.variantModes().forEach((variant, mode) -> variantUrls.put(variant, system.variantUrl(mode)));
                spec.commands().keySet().forEach(variant -> {
                    variantUrls.put(variant, system.commandUrl(variant));
                    console.printf("variant %s: %s (pid %d)%n", variant, system.commandUrl(variant),
                            system.commandPid(variant));
                });
            });
            if (!systems.isEmpty()) {
                run.update(summary -> summary.withConfig(plan.config(variantUrls)));
            }
            Preflight.check(plan.variants().stream().map(v -> new Preflight.Variant(v, variantUrls.get(v),
                    origin(v, variantUrls.get(v), systems, runDir))).toList(), plan.mix());
            List<PointSpec> points = plan.points(variantUrls);
            Map<String, Duration> warmUpByUrl = new LinkedHashMap<>();
            plan.systemWarmupByVariant().forEach((variant, duration) -> warmUpByUrl.put(variantUrls.get(variant),
                    duration));
            SystemWarmUp.run(warmUpByUrl, plan.mix(), plan.systemWarmupClients(), console);
            Progress progress = new Progress(console, points.size(), plan.estimatedPointDuration());
            for (PointSpec spec : points) {
                progress.starting(spec);
                SystemSpec systemSpec = plan.systemOf(spec.variant());
                Summary.Point point = runPoint(runDir, spec, systemSpec,
                        systemSpec == null ? null : systems.get(systemSpec.name()), systems.values(), requestMix);
                run.update(summary -> summary.withPoints(Stream.concat(summary.points().stream(), Stream.of(point))
                        .toList()));
                progress.finished(point);
            }
        } finally {
            systems.values().forEach(EmbeddedSystem::close);
        }
    }

    /** Where a variant's URL comes from, said with a preflight's fix. */
    private String origin(String variant, String url, Map<String, EmbeddedSystem> systems, Path runDir) {
        SystemSpec spec = plan.systemOf(variant);
        if (spec == null) {
            return "--target " + variant + "=" + url;
        }
        return spec.variantModes().containsKey(variant) ? "service log: " + systems.get(spec.name()).serviceLog()
                : "variant log: " + logDir(runDir, spec).resolve(variant + ".log");
    }

    private Path logDir(Path runDir, SystemSpec spec) {
        return plan.systems().size() == 1 ? runDir.resolve("logs") : runDir.resolve("logs").resolve(spec.name());
    }

    /** Starts every embedded system, several at once (their start-up is mostly waiting); all or none. */
    private Map<String, EmbeddedSystem> startSystems(Path runDir) {
        Map<String, Future<EmbeddedSystem>> starting = new LinkedHashMap<>();
        Map<String, EmbeddedSystem> started = new LinkedHashMap<>();
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SystemSpec spec : plan.systems()) {
                Path logDir = logDir(runDir, spec);
                Path serviceJar = !spec.startsService() ? null : spec.serviceJar() != null ? spec.serviceJar()
                        : Jvm.requireJar("service/target/service.jar");
                starting.put(spec.name(), starter.submit(() -> EmbeddedSystem.start(logDir, plan.upstreams(),
                        serviceJar, spec.serviceConfig(), plan.serviceJvmArgs(), spec.commands())));
            }
            for (Map.Entry<String, Future<EmbeddedSystem>> entry : starting.entrySet()) {
                started.put(entry.getKey(), entry.getValue().get());
            }
            return started;
        } catch (ExecutionException e) {
            started.values().forEach(EmbeddedSystem::close);
            ChildProcess.stopAll();
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new LabException("cannot start the system under test: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcess.stopAll();
            throw new LabException("interrupted while starting the system under test", e);
        }
    }

    /**
     * @param system     the embedded system serving this point's variant; null with targets
     * @param allSystems every embedded system of the run: all must be idle before a point starts
     */
    private Summary.Point runPoint(Path runDir, PointSpec spec, SystemSpec systemSpec, EmbeddedSystem system,
                                   Collection<EmbeddedSystem> allSystems, Path requestMix) {
        String mode = plan.modeOf(spec.variant());
        double criticalPathMs = plan.floorMs(spec.variant());
        Summary.Drain drain = drain(runDir, spec, criticalPathMs, allSystems);
        PointNotes.drainTimedOut(drain).ifPresent(note -> console.println("        " + note));
        int injectors = plan.injectors();
        Path pointDir = runDir.resolve("points").resolve(spec.id());
        OptionalLong servicePid = system == null ? OptionalLong.empty() : mode != null
                ? OptionalLong.of(system.servicePid()) : OptionalLong.of(system.commandPid(spec.variant()));
        OptionalLong stubPid = system == null ? OptionalLong.empty() : OptionalLong.of(system.stubPid());
        // Each injector drives its exact share (users split 3 + 2, never rounded up) under its own share of
        // the request cap, and all of them start injecting at one agreed instant, start-up excluded.
        LoadSettings load = plan.load().withRequestMix(requestMix);
        LoadSettings injectorLoad = load.withMaxRequests(Math.max(1, load.maxRequestsPerPoint() / injectors));
        List<InjectorShare> shares = new ArrayList<>();
        List<ChildProcess> gatlings = new ArrayList<>();
        List<Path> injectorDirs = new ArrayList<>();
        for (int i = 0; i < injectors; i++) {
            InjectorShare share = InjectorShare.of(spec, i, injectors);
            Path injectorDir = injectors == 1 ? pointDir : pointDir.resolve(share.folderName());
            shares.add(share);
            injectorDirs.add(injectorDir);
            // Only the first injector samples the service and stub CPU: they are the same processes for all.
            gatlings.add(GatlingPoint.launch(share.share(), injectorLoad, 1.0, injectorDir,
                    i == 0 ? servicePid : OptionalLong.empty(), i == 0 ? stubPid : OptionalLong.empty(),
                    SynchronizedStart.properties(SynchronizedStart.startFile(injectorDir)), plan.loadgenJvmArgs()));
        }
        for (int i = 0; i < injectors; i++) {
            SynchronizedStart.awaitReady(gatlings.get(i), SynchronizedStart.startFile(injectorDirs.get(i)),
                    Duration.ofMinutes(3));
        }
        // the recording starts (after a delay counted from here) ahead of the window, which opens the warm-up
        // after the start instant below
        PointProfiler.Session evidence = jfrSettings == null ? null : startEvidence(spec, systemSpec, system,
                pointDir.resolve("profile"), load.warmup().plusMillis(500), load.measure());
        long startAt = System.currentTimeMillis() + 500;
        injectorDirs.forEach(dir -> SynchronizedStart.release(SynchronizedStart.startFile(dir), startAt));
        List<PointResult> results = new ArrayList<>();
        for (int i = 0; i < injectors; i++) {
            int exit = gatlings.get(i).waitFor(GatlingPoint.timeout(injectorLoad));
            results.add(GatlingPoint.collect(shares.get(i).share(), injectorLoad, 1.0, injectorDirs.get(i), exit,
                    gatlings.get(i)));
        }
        Path histograms = runDir.resolve("histograms");
        createDirectories(histograms);
        Integer poolSize = plan.poolOf(spec.variant());
        Summary.Point point = PointAssembler.assemble(spec.id(), spec.variant(), spec.repeat(), results,
                criticalPathMs, poolSize, histograms.resolve(spec.id() + ".hlog"), runDir).withDrain(drain);
        if (evidence == null) {
            return point;
        }
        Summary.Profile profile = evidence.finish(point, runDir, plan.evidence().keepJfr());
        if (!profile.recorded()) {
            console.println("        " + profile.reason());
        }
        return point.withProfile(profile);
    }

    /** Starts recording inside the variant's JVM, if the lab started it and it is one; else says why not. */
    private PointProfiler.Session startEvidence(PointSpec spec, SystemSpec systemSpec, EmbeddedSystem system,
                                                Path profileDir, Duration untilWindow, Duration measure) {
        String variant = spec.variant();
        String mode = plan.modeOf(variant);
        Optional<PointProfiler.Target> target = Optional.empty();
        String whyNot = null;
        if (system == null) {
            whyNot = variant + " is not a process the lab started (--target or a scenario url): the lab attaches"
                    + " only to its own";
        } else if (mode != null) {
            target = Optional.of(new PointProfiler.Target(variant, system.servicePid(), List.of(),
                    "blocking".equals(mode) ? BLOCKING_POOL_THREADS : null));
        } else {
            Scenario.Variant command = systemSpec.commands().get(variant);
            if (!command.shell() && !JvmCheck.runsJava(command.command())) {
                whyNot = variant + " is not a JVM (its command runs " + command.command().getFirst() + ")";
            } else {
                target = Optional.of(new PointProfiler.Target(variant, system.commandPid(variant),
                        JvmCheck.mainPackage(command.command(), command.workingDir()).stream().toList(), null));
            }
        }
        return PointProfiler.start(target, whyNot, profileDir, untilWindow, measure, jfrSettings,
                JavaRuntime.launched().home().resolve("bin").resolve("jcmd"));
    }

    /**
     * Waits until the previous point's backlog is gone: the lab's services report it (nothing in flight, empty
     * blocking queue; one that never drains is stuck, and fails the run); any other variant, whose metrics the lab
     * cannot read, is probed until it answers within the upstream floor plus a margin, for at most
     * {@link ExperimentPlan#targetDrainTimeout()}.
     */
    private Summary.Drain drain(Path runDir, PointSpec spec, double criticalPathMs,
                                Collection<EmbeddedSystem> allSystems) {
        Duration waited = Duration.ZERO;
        for (EmbeddedSystem each : allSystems) {
            if (!each.alive()) {
                throw new LabException("a process the lab started (service, stubs or a variant) exited during the"
                        + " run; see " + runDir.resolve("logs"));
            }
            if (each.startsService()) {
                waited = waited.plus(each.probe().awaitDrained(Duration.ofSeconds(120)));
            }
        }
        if (plan.modeOf(spec.variant()) == null) {
            return TargetDrain.await(spec.targetUrl(), plan.mix(), criticalPathMs, plan.targetDrainTimeout());
        }
        return new Summary.Drain(Summary.Drain.METRICS, waited.toMillis(), false, null);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
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
            PointNotes.noSuccess(point.requests()).ifPresentOrElse(none -> console.println("        " + none),
                    () -> console.printf("        %8.1f req/s  (%3.0f%% of bound)  p50 %7.1f ms  p99 %7.1f ms  ko %d%n",
                            point.throughputRps(), point.bound().efficiency() * 100, point.latencyMs().p50(),
                            point.latencyMs().p99(), point.requests().ko()));
        }
    }
}

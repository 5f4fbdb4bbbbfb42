package dev.loadlab.lab.run;

import dev.loadlab.lab.results.PointResult;
import dev.loadlab.simulations.LoadParameters;
import dev.loadlab.simulations.PointRecording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Runs one point in its own Gatling JVM: the simulation records the measured window itself
 * ({@code PointRecorder}), and Gatling writes its HTML report next to it.
 */
public final class GatlingPoint {

    private static final String CLOSED_SIMULATION = "dev.loadlab.simulations.ClosedModelSimulation";
    private static final String OPEN_SIMULATION = "dev.loadlab.simulations.OpenModelSimulation";

    private GatlingPoint() {
    }

    /**
     * @param injectorDir where this injector's recording and Gatling report go
     * @param share       the share of the point's users or rate this injector drives (1 with one injector)
     */
    public static ChildProcess launch(PointSpec spec, LoadSettings load, double share, Path injectorDir,
                                      OptionalLong servicePid, OptionalLong stubPid) {
        return launch(spec, load, share, injectorDir, servicePid, stubPid, Map.of());
    }

    /**
     * @param extraProperties further {@code -Dloadlab.*} properties, e.g. {@code loadlab.startFile}
     *                        ({@link SynchronizedStart}) so that several injectors start at the same instant
     */
    public static ChildProcess launch(PointSpec spec, LoadSettings load, double share, Path injectorDir,
                                      OptionalLong servicePid, OptionalLong stubPid,
                                      Map<String, String> extraProperties) {
        return launch(spec, load, share, injectorDir, servicePid, stubPid, extraProperties, List.of());
    }

    /** @param jvmArgs further options of the Gatling JVM, e.g. the gate's class-data sharing and C1-only JIT */
    public static ChildProcess launch(PointSpec spec, LoadSettings load, double share, Path injectorDir,
                                      OptionalLong servicePid, OptionalLong stubPid,
                                      Map<String, String> extraProperties, List<String> jvmArgs) {
        PointSpec injectorShare = shareOf(spec, share);
        LoadParameters parameters = new LoadParameters(spec.targetUrl(), load.endpoint(),
                spec.closed() ? List.of(injectorShare.concurrency()) : List.of(),
                spec.closed() ? List.of() : List.of(injectorShare.rateRps()), load.warmup(), load.measure(),
                load.requestTimeout(), injectorDir.resolve("recording"), servicePid, stubPid,
                load.maxRequestsPerPoint(), Optional.empty(), Optional.ofNullable(load.requestMixFile()));
        Map<String, String> properties = new java.util.LinkedHashMap<>(parameters.toSystemProperties());
        properties.putAll(extraProperties);
        return ChildProcess.start("gatling " + spec.id(),
                command(spec.closed() ? CLOSED_SIMULATION : OPEN_SIMULATION, properties,
                        injectorDir.resolve("gatling-raw"), spec.id(), jvmArgs),
                injectorDir.resolve("gatling.log"));
    }

    /** The command line of a Gatling JVM running one simulation with {@code -D} properties. */
    public static List<String> command(String simulationClass, Map<String, String> properties, Path resultsFolder,
                                       String description) {
        return command(simulationClass, properties, resultsFolder, description, List.of());
    }

    /** The same with further JVM options before the class path. */
    public static List<String> command(String simulationClass, Map<String, String> properties, Path resultsFolder,
                                       String description, List<String> jvmArgs) {
        return command(JavaRuntime.launched(), Jvm.loadtestClassPath(), simulationClass, properties, resultsFolder,
                description, jvmArgs);
    }

    /** The same on a given JDK and class path: the options are the ones that JDK knows. */
    static List<String> command(JavaRuntime runtime, String classPath, String simulationClass,
                                Map<String, String> properties, Path resultsFolder, String description,
                                List<String> jvmArgs) {
        List<String> command = new ArrayList<>(List.of(runtime.java(), "-Xms256m", "-Xmx1g",
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12"));
        command.addAll(runtime.gatlingOptions());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("io.gatling.app.Gatling", "-s", simulationClass,
                "-rf", resultsFolder.toString(), "-rd", description));
        return command;
    }

    /**
     * Options that make a short-lived Gatling JVM cheap, for compare and the gate alike:
     * <ul>
     * <li>C1 only. A point lives for seconds, so C2 compiles most of Gatling's hot code while the window is
     * measured and takes the CPU the service needs: on 2 cores, 256-1,024 users, the load generator spent half
     * the CPU per request with C1 only, and in runs alternated with C2 the service reached as much of its bound
     * or more (docs/PERFORMANCE.md).</li>
     * <li>Class-data sharing: the classes the first JVM loaded are written to an archive at its exit and mapped
     * by the following ones (and re-created when the class path changes), about a second of start-up less per
     * point. Several injectors of one point start together and would all write it, so they get none.
     * ({@code -XX:+AutoCreateSharedArchive} exists from JDK 19, below {@link JavaRuntime#FLOOR}.)</li>
     * </ul>
     *
     * @param archiveName file name under {@code loadtest/target/}
     * @param injectors   Gatling JVMs per point
     */
    public static List<String> loadGeneratorJvmArgs(String archiveName, int injectors) {
        List<String> args = new ArrayList<>();
        if (injectors == 1) {
            args.addAll(List.of("-XX:SharedArchiveFile=" + Jvm.home().resolve("loadtest/target").resolve(archiveName),
                    "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off"));
        }
        args.add("-XX:TieredStopAtLevel=1");
        return List.copyOf(args);
    }

    /** Hard bound for one Gatling JVM: its phases, the request timeout, start-up and report generation. */
    public static Duration timeout(LoadSettings load) {
        return load.warmup().plus(load.measure()).plus(load.requestTimeout()).plusSeconds(90);
    }

    /** Collects what the Gatling JVM wrote: the recorder's result and the HTML report folder. */
    public static PointResult collect(PointSpec spec, LoadSettings load, double share, Path injectorDir,
                                      int exitCode, ChildProcess gatling) {
        String phase = load.endpoint() + "-" + shareOf(spec, share).levelLabel();
        Path recording = injectorDir.resolve("recording");
        Path result = PointRecording.file(recording, phase);
        if (exitCode != 0 || !Files.isRegularFile(result)) {
            throw new LabException("Gatling failed for point " + spec.id() + " (exit " + exitCode + "): "
                    + gatling.lastLines(3) + " (log: " + gatling.log() + ")");
        }
        Path report = moveReport(injectorDir);
        return PointResult.read(result, report);
    }

    /** The part of a point one of several injectors drives: its share of the users or of the rate. */
    static PointSpec shareOf(PointSpec spec, double share) {
        return spec.closed()
                ? PointSpec.closed(spec.variant(), (int) Math.max(1, Math.round(spec.concurrency() * share)),
                        spec.repeat(), spec.targetUrl())
                : PointSpec.open(spec.variant(), spec.rateRps() * share, spec.repeat(), spec.targetUrl());
    }

    /** Gatling writes {@code <rf>/<simulation>-<timestamp>/}; the lab keeps it as {@code <injector>/gatling/}. */
    private static Path moveReport(Path injectorDir) {
        Path raw = injectorDir.resolve("gatling-raw");
        Path target = injectorDir.resolve("gatling");
        try (Stream<Path> dirs = Files.list(raw)) {
            Path report = dirs.filter(Files::isDirectory).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new LabException("Gatling wrote no report under " + raw));
            Files.move(report, target);
            Files.delete(raw);
            return target.resolve("index.html");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the Gatling report from " + raw, e);
        }
    }
}

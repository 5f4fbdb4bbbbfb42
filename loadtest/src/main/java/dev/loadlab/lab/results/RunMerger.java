package dev.loadlab.lab.results;

import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.simulations.PointRecording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Merges what injectors wrote elsewhere (other processes, machines or pods; one {@code injector.json} and its
 * recording per injector and point) into one run folder, with the checks the lab applies to its own points:
 * <ul>
 *     <li>everything merged is one run: same endpoint, phase lengths and upstream latency, and recordings written
 *     by the same version of loadlab as this one ({@link dev.loadlab.simulations.PointRecording}; else an error);</li>
 *     <li>the injectors of a point ran the same point: variant, model, level, repeat, injector count and
 *     target agree, no index twice, and their shares add up to the point's level (else an error);</li>
 *     <li>they ran together: their measured windows start within a tolerance (else the point is incomplete);</li>
 *     <li>every injector is there and finished: a missing index, a failed or never-finished injector, or a
 *     recording that is missing or disagrees with its histogram makes the point {@code incomplete} (with the
 *     numbers of the injectors that did finish and a reason), never silently smaller.</li>
 * </ul>
 * Counts and CPU add up, percentiles come from the merged histograms (exact, as in {@link PointAssembler}).
 */
public final class RunMerger {

    private static final int SEARCH_DEPTH = 6;

    /**
     * @param name            the run's name
     * @param command         the command line recorded in the summary
     * @param expectInjectors every point must have been split over this many injectors (null: as they say)
     * @param expectPoints    these points must be there; one no injector reported is an incomplete point
     * @param replicas        service replicas behind the target (null: as the injectors recorded, else 1)
     * @param windowTolerance how far apart injectors' windows may start (null: 10% of the window, at least 1 s)
     */
    public record Options(String name, String command, Integer expectInjectors, List<String> expectPoints,
                          Integer replicas, Duration windowTolerance) {
    }

    /** One injector's folder and what it says about itself. */
    public record Found(Path dir, InjectorManifest manifest) {
    }

    private RunMerger() {
    }

    /** Every {@code injector.json} under the given folders (a folder may be one injector's or hold many). */
    public static List<Found> find(List<Path> dirs) {
        Set<Path> files = new LinkedHashSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new LabException(dir + " is not a folder: pass the folders the injectors wrote (--out of"
                        + " ./lab inject)");
            }
            try (Stream<Path> walk = Files.walk(dir, SEARCH_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
                walk.filter(p -> p.getFileName().toString().equals(InjectorManifest.FILE))
                        .map(p -> p.toAbsolutePath().normalize()).sorted().forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                throw new LabException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        List<Found> found = new ArrayList<>();
        for (Path file : files) {
            try {
                found.add(new Found(file.getParent(), InjectorManifest.read(file)));
            } catch (IllegalArgumentException e) {
                throw new LabException(e.getMessage() + ": remove it or fix it", e);
            }
        }
        return found;
    }

    /** Merges into {@code runDir} (an empty, new run folder) and writes its summary.json; returns the summary. */
    public static Summary merge(List<Path> dirs, Path runDir, Options options) {
        List<Found> found = find(dirs);
        if (found.isEmpty()) {
            throw new LabException("no " + InjectorManifest.FILE + " under " + dirs + ": pass the folders that"
                    + " ./lab inject wrote (its --out)");
        }
        InjectorManifest reference = found.getFirst().manifest();
        for (Found f : found) {
            checkSameRun(found.getFirst(), f);
        }
        Map<String, List<Found>> byPoint = new LinkedHashMap<>();
        found.forEach(f -> byPoint.computeIfAbsent(f.manifest().pointId(), k -> new ArrayList<>()).add(f));

        List<Summary.Point> points = new ArrayList<>();
        for (Map.Entry<String, List<Found>> e : byPoint.entrySet()) {
            points.add(mergePoint(e.getKey(), e.getValue(), runDir, reference, options));
        }
        if (options.expectPoints() != null) {
            for (String id : options.expectPoints()) {
                if (!byPoint.containsKey(id)) {
                    points.add(noInjectorReported(id, reference, options));
                }
            }
        }
        List<String> variantOrder = variantOrder(points, options.expectPoints());
        points.sort(Comparator.<Summary.Point>comparingInt(Summary.Point::repeat)
                .thenComparing(p -> Summary.Point.CLOSED.equals(p.model()) ? 0 : 1)
                .thenComparingDouble(Summary.Point::level)
                .thenComparingInt(p -> variantOrder.indexOf(p.variant())));

        List<String> incomplete = points.stream().filter(p -> !p.complete())
                .map(p -> p.id() + " (" + p.reason() + ")").toList();
        String status = incomplete.isEmpty() ? Summary.RunInfo.COMPLETE : Summary.RunInfo.INCOMPLETE;
        String reason = incomplete.isEmpty() ? null : incomplete.size() + " of " + points.size()
                + " points incomplete: " + String.join("; ", incomplete);
        Summary summary = new Summary(Summary.SCHEMA_VERSION,
                new Summary.RunInfo(runDir.getFileName().toString(), options.name(), status, reason,
                        found.stream().map(f -> f.manifest().startedAt()).filter(Objects::nonNull).min(
                                Comparator.naturalOrder()).orElse(Instant.now().toString()),
                        found.stream().map(f -> f.manifest().endedAt()).filter(Objects::nonNull).max(
                                Comparator.naturalOrder()).orElse(Instant.now().toString()),
                        reference.gitCommit(), options.command(), reference.environment()),
                config(found, points, variantOrder, options), points);
        SummaryFiles.write(runDir, summary);
        return summary;
    }

    // ---- checks ---------------------------------------------------------------------------------------

    /** Everything merged must be one run: the run-level numbers of every injector agree with the first. */
    private static void checkSameRun(Found first, Found other) {
        InjectorManifest a = first.manifest();
        InjectorManifest b = other.manifest();
        same("endpoint", a.endpoint(), b.endpoint(), first, other);
        same("warm-up", a.warmupSeconds(), b.warmupSeconds(), first, other);
        same("measured window", a.measureSeconds(), b.measureSeconds(), first, other);
        same("request timeout", a.requestTimeoutSeconds(), b.requestTimeoutSeconds(), first, other);
        same("latency profile", a.latencyProfile(), b.latencyProfile(), first, other);
        same("upstream latency", a.upstreamLatencyMs(), b.upstreamLatencyMs(), first, other);
    }

    /** The injectors of one point ran the same point. */
    private static void checkSamePoint(Found first, Found other) {
        InjectorManifest a = first.manifest();
        InjectorManifest b = other.manifest();
        same("variant", a.variant(), b.variant(), first, other);
        same("model", a.model(), b.model(), first, other);
        same("level", a.levelLabel(), b.levelLabel(), first, other);
        same("repeat", a.repeat(), b.repeat(), first, other);
        same("injector count", a.injectors(), b.injectors(), first, other);
        same("target", a.target(), b.target(), first, other);
    }

    private static void same(String what, Object a, Object b, Found first, Found other) {
        if (!Objects.equals(a, b)) {
            throw new LabException(other.manifest().pointId() + ": " + other.dir() + " has " + what + " " + b
                    + " but " + first.dir() + " has " + a + ": these are not the same point of one run; merge"
                    + " the folders of one run only");
        }
    }

    // ---- one point ------------------------------------------------------------------------------------

    private static Summary.Point mergePoint(String pointId, List<Found> injectors, Path runDir,
                                            InjectorManifest reference, Options options) {
        Found first = injectors.getFirst();
        injectors.forEach(f -> checkSamePoint(first, f));
        InjectorManifest m = first.manifest();
        int of = m.injectors();
        if (options.expectInjectors() != null && options.expectInjectors() != of) {
            throw new LabException(pointId + " was split over " + of + " injectors (" + first.dir() + ") but"
                    + " --injectors says " + options.expectInjectors() + ": check which run these folders hold");
        }
        String expectedId = m.variant() + "-" + m.levelLabel() + "-" + m.repeat();
        if (!expectedId.equals(pointId)) {
            throw new LabException(first.dir() + " says point " + pointId + " but describes " + expectedId
                    + ": the manifest was edited or is damaged");
        }
        Map<Integer, Found> byIndex = new TreeMap<>();
        for (Found f : injectors) {
            int index = f.manifest().index();
            if (index < 0 || index >= of) {
                throw new LabException(f.dir() + " is injector " + index + " of " + of + ": indexes run 0.."
                        + (of - 1));
            }
            Found twice = byIndex.put(index, f);
            if (twice != null) {
                throw new LabException(pointId + ": injector " + index + " appears twice (" + twice.dir() + " and "
                        + f.dir() + "): merge each injector's folder once");
            }
        }
        checkSharesAddUp(pointId, m, byIndex.values());

        Path pointDir = runDir.resolve("points").resolve(pointId);
        List<String> problems = new ArrayList<>();
        List<PointResult> results = new ArrayList<>();
        List<Integer> resultIndexes = new ArrayList<>();
        Map<Integer, Summary.Injector> notMeasured = new TreeMap<>();
        for (int index = 0; index < of; index++) {
            Found f = byIndex.get(index);
            String label = "injector " + (index + 1) + " of " + of;
            if (f == null) {
                problems.add(label + " missing");
                notMeasured.put(index + 1, Summary.Injector.notMeasured(index + 1, Summary.Injector.MISSING,
                        "no injector.json for index " + index));
                continue;
            }
            Path target = of == 1 ? pointDir : pointDir.resolve("injector-" + (index + 1));
            copyTree(f.dir(), target);
            String failure = failure(f.manifest(), target);
            if (failure != null) {
                problems.add(label + " " + failure);
                notMeasured.put(index + 1, Summary.Injector.notMeasured(index + 1, Summary.Injector.FAILED, failure));
                continue;
            }
            String phase = f.manifest().phaseName();
            Path report = target.resolve("gatling").resolve("index.html");
            PointResult result = PointResult.read(PointRecording.file(target.resolve("recording"), phase), report);
            Long firstRequest = result.recording().firstRequestEpochMs();
            long lateMs = firstRequest == null ? 0 : firstRequest - result.recording().windowStartEpochMs();
            if (lateMs > 0) {
                problems.add(String.format("%s sent its first request %.1f s into the measured window (its JVM"
                        + " started late: give a longer --warmup)", label, lateMs / 1000.0));
            }
            results.add(result);
            resultIndexes.add(index + 1);
        }

        if (results.isEmpty()) {
            return placeholder(pointId, m, reference, String.join("; ", problems), new ArrayList<>(notMeasured.values()));
        }
        Duration tolerance = options.windowTolerance() != null ? options.windowTolerance()
                : Duration.ofMillis(Math.max(1000, Math.round(m.measureSeconds() * 100)));
        long earliest = results.stream().mapToLong(r -> r.recording().windowStartEpochMs()).min().orElseThrow();
        long latest = results.stream().mapToLong(r -> r.recording().windowStartEpochMs()).max().orElseThrow();
        if (latest - earliest > tolerance.toMillis()) {
            problems.add(String.format("windows start %.1f s apart (tolerance %.1f s): the injectors did not run"
                    + " together", (latest - earliest) / 1000.0, tolerance.toMillis() / 1000.0));
        }

        Path histograms = runDir.resolve("histograms");
        createDirectories(histograms);
        double criticalPathMs = CriticalPath.ms(m.endpoint(), m.variant(), m.upstreamLatencyMs());
        Summary.Point point;
        try {
            point = PointAssembler.assemble(pointId, m.variant(), m.repeat(), results, criticalPathMs, null,
                    histograms.resolve(pointId + ".hlog"), runDir);
        } catch (IllegalStateException e) {
            return placeholder(pointId, m, reference, e.getMessage(), new ArrayList<>(notMeasured.values()));
        }
        if (problems.isEmpty()) {
            return point;
        }
        List<Summary.Injector> details = new ArrayList<>(notMeasured.values());
        for (int i = 0; i < results.size(); i++) {
            details.add(PointAssembler.injector(resultIndexes.get(i), results.get(i), runDir));
        }
        details.sort(Comparator.comparingInt(Summary.Injector::index));
        return asWholePoint(point.incomplete(String.join("; ", problems), details), m);
    }

    /** Why an injector's part cannot be counted, or null when it can. */
    private static String failure(InjectorManifest m, Path dir) {
        if (InjectorManifest.RUNNING.equals(m.status())) {
            return "never finished (status running: the process or pod died)";
        }
        if (!InjectorManifest.COMPLETE.equals(m.status())) {
            return "failed" + (m.reason() == null ? "" : ": " + m.reason());
        }
        Path recording = dir.resolve("recording");
        if (!Files.isRegularFile(PointRecording.file(recording, m.phaseName()))
                || !Files.isRegularFile(recording.resolve(m.phaseName() + ".hlog"))) {
            return "has no recording " + m.phaseName() + ".json/.hlog";
        }
        return null;
    }

    /** Shares add up to the point's level (all injectors present) or stay below it (some missing). */
    private static void checkSharesAddUp(String pointId, InjectorManifest m, java.util.Collection<Found> injectors) {
        boolean all = injectors.size() == m.injectors();
        double total = m.closed() ? m.concurrency() : m.rateRps();
        double sum = injectors.stream().map(Found::manifest)
                .mapToDouble(i -> m.closed() ? nonNull(i.shareConcurrency()) : nonNull(i.shareRateRps())).sum();
        double slack = 1e-6 * total;
        if (all && Math.abs(sum - total) > slack || sum > total + slack) {
            throw new LabException(pointId + ": the injectors' shares add up to " + sum + (m.closed() ? " users"
                    : " req/s") + ", not " + total + ": they were not started as shares of this point");
        }
    }

    private static double nonNull(Number n) {
        return n == null ? 0 : n.doubleValue();
    }

    // ---- points without (all) numbers --------------------------------------------------------------------

    /**
     * An incomplete point keeps the level it was meant to have (its id's) and its bound, so its low
     * throughput and efficiency show how much of the load is missing; the reason says why.
     */
    private static Summary.Point asWholePoint(Summary.Point p, InjectorManifest m) {
        double little = m.closed() ? m.concurrency() / (p.bound().criticalPathMs() / 1000.0) : m.rateRps();
        Summary.Bound bound = new Summary.Bound(p.bound().criticalPathMs(), PointAssembler.round(little), null,
                PointAssembler.round(p.throughputRps() / little, 4));
        return new Summary.Point(p.id(), p.variant(), p.model(), m.concurrency(), m.rateRps(), p.repeat(),
                p.status(), p.window(), p.requests(), p.throughputRps(), p.latencyMs(), bound, p.cpu(),
                p.serviceRssMb(), m.injectors(), p.histogram(), p.gatlingReports(), p.reason(), p.perInjector(),
                p.drain());
    }

    /** A point none of whose injectors can be counted: its level and why, no numbers. */
    private static Summary.Point placeholder(String pointId, InjectorManifest m, InjectorManifest reference,
                                             String reason, List<Summary.Injector> details) {
        double criticalPathMs = CriticalPath.ms(reference.endpoint(), m.variant(), reference.upstreamLatencyMs());
        double little = m.closed() ? m.concurrency() / (criticalPathMs / 1000.0) : m.rateRps();
        return new Summary.Point(pointId, m.variant(), m.model(), m.concurrency(), m.rateRps(), m.repeat(),
                Summary.Point.INCOMPLETE, new Summary.Window(0, 0, reference.measureSeconds()),
                new Summary.Requests(0, 0, Map.of()), 0, HistogramLogs.latencyMs(HistogramLogs.empty()),
                new Summary.Bound(criticalPathMs, PointAssembler.round(little), null, 0),
                new Summary.Cpu(null, null, null), null, m.injectors(), null, List.of(), reason, details);
    }

    private static Summary.Point noInjectorReported(String pointId, InjectorManifest reference, Options options) {
        dev.loadlab.lab.run.PointSpec spec = dev.loadlab.lab.run.InjectorShare.parse(pointId, reference.target());
        int of = options.expectInjectors() != null ? options.expectInjectors() : reference.injectors();
        InjectorManifest m = new InjectorManifest(InjectorManifest.SCHEMA_VERSION, reference.run(), pointId,
                spec.variant(), spec.model(), spec.concurrency(), spec.rateRps(), spec.repeat(), 0, of, null, null,
                reference.endpoint(), null, reference.warmupSeconds(), reference.measureSeconds(),
                reference.requestTimeoutSeconds(), reference.latencyProfile(), reference.upstreamLatencyMs(), null,
                null, null, null, null, null, null, null, null, null);
        List<Summary.Injector> details = new ArrayList<>();
        for (int i = 1; i <= of; i++) {
            details.add(Summary.Injector.notMeasured(i, Summary.Injector.MISSING, "no injector.json"));
        }
        return placeholder(pointId, m, reference, "no injector of this point reported (all " + of + " missing)",
                details);
    }

    // ---- the run ----------------------------------------------------------------------------------------

    private static Summary.RunConfig config(List<Found> found, List<Summary.Point> points, List<String> variants,
                                            Options options) {
        InjectorManifest m = found.getFirst().manifest();
        Map<String, String> targets = new LinkedHashMap<>();
        variants.forEach(v -> found.stream().filter(f -> f.manifest().variant().equals(v)).findFirst()
                .ifPresent(f -> targets.put(v, f.manifest().target())));
        List<Integer> levels = points.stream().filter(p -> Summary.Point.CLOSED.equals(p.model()))
                .map(Summary.Point::concurrency).distinct().sorted().toList();
        List<Double> rates = points.stream().filter(p -> Summary.Point.OPEN.equals(p.model()))
                .map(Summary.Point::rateRps).distinct().sorted().toList();
        int repeats = points.stream().mapToInt(Summary.Point::repeat).max().orElse(1);
        int injectors = points.stream().mapToInt(Summary.Point::injectors).max().orElse(1);
        Integer replicas = options.replicas() != null ? options.replicas()
                : found.stream().map(f -> f.manifest().serviceReplicas()).filter(Objects::nonNull).findFirst()
                .orElse(null);
        return new Summary.RunConfig(m.endpoint(), variants, targets, false, m.latencyProfile(),
                m.upstreamLatencyMs(), null, null, levels, rates, m.warmupSeconds(), m.measureSeconds(),
                m.requestTimeoutSeconds(), repeats, injectors, replicas);
    }

    /** The order --points named the variants in, else the service's modes first, then by name. */
    private static List<String> variantOrder(List<Summary.Point> points, List<String> expectPoints) {
        Set<String> order = new LinkedHashSet<>();
        if (expectPoints != null) {
            expectPoints.forEach(id -> order.add(dev.loadlab.lab.run.InjectorShare.parse(id, null).variant()));
        }
        List<String> modes = Scenario.BUILTIN_MODES;
        points.stream().map(Summary.Point::variant).distinct()
                .sorted(Comparator.<String>comparingInt(v -> modes.contains(v) ? modes.indexOf(v) : modes.size())
                        .thenComparing(Comparator.naturalOrder()))
                .forEach(order::add);
        return List.copyOf(order);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot copy " + from + " into the run folder: " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}

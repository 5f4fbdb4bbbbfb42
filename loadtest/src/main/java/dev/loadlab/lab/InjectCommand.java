package dev.loadlab.lab;

import dev.loadlab.lab.results.HistogramLogs;
import dev.loadlab.lab.results.InjectorManifest;
import dev.loadlab.lab.results.PointAssembler;
import dev.loadlab.lab.results.PointResult;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.run.ChildProcess;
import dev.loadlab.lab.run.Environments;
import dev.loadlab.lab.run.GatlingPoint;
import dev.loadlab.lab.run.InjectorShare;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.LoadSettings;
import dev.loadlab.lab.run.PointSpec;
import dev.loadlab.lab.run.StartBarrier;
import dev.loadlab.lab.run.SynchronizedStart;
import dev.loadlab.simulations.LoadParameters;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./lab inject}: one injector's share of one or more points against a running service, written to a
 * folder of its own; what a Kubernetes Indexed Job pod (or a process on another machine) runs.
 * {@code ./lab merge} then turns the folders of all injectors into one run folder.
 */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = {
                "Runs one injector's share of each --point against a running service: injector --index (from 0;"
                        + " default $JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it) of --of drives 1/N of"
                        + " the users or of the arrival rate, in its own Gatling JVM, and writes"
                        + " OUT/<point>/injector-<index+1>/ (injector.json, recording/, gatling/). Injectors of one point"
                        + " start together through --barrier (a folder all of them see) or at --start-at.",
                "Load goes only to loopback or to Kubernetes service names (<service>.<namespace>.svc[.cluster.local])"
                        + " unless --allow-remote. Merge the folders with ./lab merge."},
        footer = {"", "Examples:",
                "  ./lab inject --point async-c512-1 --index 0 --of 2 --barrier /tmp/b --target http://127.0.0.1:8080/api/async --out /tmp/i0",
                "  ./lab inject --point async-c512-1,blocking-c512-1 --of 4 --barrier /results/incoming/r1/.barrier \\",
                "      --target 'http://loadlab-service.loadlab.svc.cluster.local:8080/api/{variant}' --out /results/incoming/r1"})
public final class InjectCommand implements Callable<Integer> {

    /** Starting a Gatling JVM on a busy machine can take long; longer than this, something is wrong. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--point", required = true, split = ",", paramLabel = "ID",
            description = "Point ids as the lab names them: <variant>-c<users>-<repeat> or <variant>-r<rate>-<repeat>,"
                    + " e.g. async-c512-1. Several run one after another.")
    List<String> points;

    @Option(names = "--index", defaultValue = "${env:JOB_COMPLETION_INDEX:-0}",
            description = "This injector, from 0 (default: $JOB_COMPLETION_INDEX, else 0).")
    int index;

    @Option(names = "--of", defaultValue = "1", paramLabel = "N", description = "Injectors sharing each point (default: ${DEFAULT-VALUE}).")
    int of;

    @Option(names = "--target", required = true, paramLabel = "URL|NAME=URL",
            description = "Base URL that /{endpoint}/{zip}/{country} is appended to. {variant} in it is replaced by the"
                    + " point's variant; or give NAME=URL per variant. Repeatable.")
    List<String> targets;

    @Option(names = "--out", defaultValue = "results/incoming", paramLabel = "DIR",
            description = "Where this injector's folders go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--run", defaultValue = "inject", paramLabel = "NAME", description = "A label for the run, recorded (default: ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--endpoint", defaultValue = "sun", description = "sun, weather or city (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--warmup", defaultValue = "3s", paramLabel = "DURATION", description = "Warm-up per point (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--measure", defaultValue = "8s", paramLabel = "DURATION", description = "Measured window per point (default: ${DEFAULT-VALUE}).")
    String measure;

    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION", description = "Client timeout per request (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--max-requests", defaultValue = "2000000",
            description = "Hard cap on a point's requests, shared by its injectors (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    @Option(names = "--barrier", paramLabel = "DIR",
            description = "A folder every injector of the run sees: they meet there before each point and start together.")
    Path barrier;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Start the (single) point at this instant instead, ISO-8601 (2026-01-01T10:00:00Z) or epoch ms;"
                    + " machines' clocks must be in sync.")
    String startAt;

    @Option(names = "--start-margin", defaultValue = "2s", paramLabel = "DURATION",
            description = "Start this long after the last injector reached the barrier (each arrives once its Gatling"
                    + " JVM is ready): covers a slow shared volume and clock skew (default: ${DEFAULT-VALUE}).")
    String startMargin;

    @Option(names = "--barrier-timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "Give up when the others have not arrived by then (default: ${DEFAULT-VALUE}).")
    String barrierTimeout;

    @Option(names = "--settle", defaultValue = "2s", paramLabel = "DURATION",
            description = "Pause between points so a backlog clears (default: ${DEFAULT-VALUE}).")
    String settle;

    @Option(names = "--replicas", paramLabel = "R", description = "Service replicas behind the target, recorded for the report.")
    Integer replicas;

    @Option(names = "--allow-remote", description = "Allow targets that are neither loopback nor Kubernetes service names.")
    boolean allowRemote;

    @Option(names = "--cluster-domain", defaultValue = "cluster.local",
            description = "The cluster's DNS domain for <service>.<namespace>.svc.<domain> targets (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Mixin
    UpstreamOptions upstream;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (!LoadParameters.ENDPOINTS.contains(endpoint)) {
            throw new LabException("unknown --endpoint '" + endpoint + "': use one of " + LoadParameters.ENDPOINTS);
        }
        if (of > 1 && barrier == null && startAt == null) {
            throw new LabException("--of " + of + " needs the injectors to start together: give --barrier DIR (a folder"
                    + " all of them see) or --start-at TIME");
        }
        if (startAt != null && points.size() > 1) {
            throw new LabException("--start-at times one point; for several points use --barrier DIR");
        }
        if (replicas != null && replicas < 1) {
            throw new LabException("--replicas " + replicas + " is out of range: use 1 or more");
        }
        LoadSettings whole = new LoadSettings(endpoint, duration("--warmup", warmup),
                duration("--measure", measure),
                duration("--request-timeout", requestTimeout), maxRequests);
        LoadSettings mine = new LoadSettings(endpoint, whole.warmup(), whole.measure(), whole.requestTimeout(),
                Math.max(1, (maxRequests + of - 1) / of));
        Map<String, Double> means = upstream.meanLatencyMs();
        Path outDir = Jvm.home().resolve(out);

        List<InjectorShare> shares = new ArrayList<>();
        for (String id : points) {
            String variant = InjectorShare.parse(id, null).variant();
            shares.add(InjectorShare.of(InjectorShare.parse(id, targetFor(variant)), index, of));
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            if (i > 0) {
                sleep(duration("--settle", settle));
            }
            InjectorShare share = shares.get(i);
            String failure = runShare(share, whole, mine, means, outDir, console);
            if (failure != null) {
                failed.add(share.point().id() + ": " + failure);
            }
        }
        if (!failed.isEmpty()) {
            throw new LabException(failed.size() + " of " + shares.size() + " points failed on injector " + index
                    + ": " + String.join("; ", failed));
        }
        return 0;
    }

    /** Runs one point's share; returns why it failed, or null. The manifest says the same. */
    private String runShare(InjectorShare share, LoadSettings whole, LoadSettings mine, Map<String, Double> means,
                            Path outDir, PrintWriter console) {
        PointSpec point = share.point();
        Path dir = outDir.resolve(point.id()).resolve(share.folderName());
        if (Files.exists(dir.resolve(InjectorManifest.FILE))) {
            throw new LabException(dir + " already holds a result: never overwritten; use another --out or --run");
        }
        InjectorManifest manifest = new InjectorManifest(InjectorManifest.SCHEMA_VERSION, run, point.id(),
                point.variant(), point.model(), point.concurrency(), point.rateRps(), point.repeat(), index, of,
                share.share().concurrency(), share.share().rateRps(), endpoint, point.targetUrl(),
                seconds(whole.warmup()), seconds(whole.measure()), seconds(whole.requestTimeout()),
                upstream.profileOrDefault(), means, replicas, null, InjectorManifest.RUNNING, null, Instant.now().toString(),
                null, hostName(), Environments.gitCommit(), commandLine(), Environments.current());
        manifest.write(dir);
        console.printf("%s: injector %d of %d, %s against %s%n", point.id(), index + 1, of,
                point.closed() ? share.share().concurrency() + " users" : share.share().rateRps() + " req/s",
                point.targetUrl());
        console.flush();
        ChildProcess gatling = null;
        boolean passedBarrier = false;
        try {
            Path startFile = SynchronizedStart.startFile(dir);
            gatling = GatlingPoint.launch(share.share(), mine, 1.0, dir, OptionalLong.empty(), OptionalLong.empty(),
                    SynchronizedStart.properties(startFile));
            SynchronizedStart.awaitReady(gatling, startFile, READY_TIMEOUT);
            long start = startInstant(point.id());
            passedBarrier = true;
            manifest = manifest.startingAt(start);
            manifest.write(dir);
            SynchronizedStart.release(startFile, start);
            long waitMs = Math.max(0, start - System.currentTimeMillis());
            int exit = gatling.waitFor(GatlingPoint.timeout(mine).plusMillis(waitMs));
            PointResult result = GatlingPoint.collect(share.share(), mine, 1.0, dir, exit, gatling);
            manifest.ended(InjectorManifest.COMPLETE, null, Instant.now().toString()).write(dir);
            report(point, result, dir, console);
            return null;
        } catch (LabException | java.io.UncheckedIOException | IllegalArgumentException e) {
            if (gatling != null) {
                gatling.close();
            }
            if (barrier != null && !passedBarrier) {
                StartBarrier.giveUp(barrierDir(point.id()), index, e.getMessage());
            }
            manifest.ended(InjectorManifest.FAILED, e.getMessage(), Instant.now().toString()).write(dir);
            console.printf("%s: injector %d of %d FAILED: %s%n", point.id(), index + 1, of, e.getMessage());
            console.flush();
            return e.getMessage();
        }
    }

    private long startInstant(String pointId) {
        if (startAt != null) {
            return parseInstant(startAt);
        }
        if (barrier != null) {
            return StartBarrier.await(barrierDir(pointId), index, of,
                    duration("--start-margin", startMargin),
                    duration("--barrier-timeout", barrierTimeout));
        }
        return System.currentTimeMillis() + 200;
    }

    private Path barrierDir(String pointId) {
        return Jvm.home().resolve(barrier).resolve(pointId);
    }

    /** One line per finished share; a warning when this injector was busy enough to be the bottleneck. */
    private static void report(PointSpec point, PointResult r, Path dir, PrintWriter console) {
        Summary.Injector line = PointAssembler.injector(1, r, dir);
        double p99 = HistogramLogs.percentileMs(HistogramLogs.total(r.histogramFile(), HistogramLogs.OK), 99);
        console.printf("%s: %d OK, %d failed, %.1f req/s, p99 %.1f ms, loadgen %s µs/req, %s cores busy%n",
                point.id(), r.recording().ok(), r.recording().ko(), line.throughputRps(), p99, line.loadgenUsPerRequest(), line.loadgenCores());
        int cores = Runtime.getRuntime().availableProcessors();
        if (line.loadgenCores() != null && line.loadgenCores() > 0.7 * cores) {
            console.printf("WARNING: this injector kept %.2f of its %d cores busy: it may be the bottleneck; add"
                    + " injectors or give it more CPU%n", line.loadgenCores(), cores);
        }
        console.printf("results: %s%n", dir);
        console.flush();
    }

    /** The target of one variant: a NAME=URL for it, else the URL template with {variant} replaced. */
    String targetFor(String variant) {
        Map<String, String> named = new LinkedHashMap<>();
        String template = null;
        for (String t : targets) {
            int eq = t.indexOf('=');
            if (eq > 0 && !t.substring(0, eq).contains("/") && !t.substring(0, eq).contains(":")) {
                named.put(t.substring(0, eq), t.substring(eq + 1));
            } else if (template == null) {
                template = t;
            } else {
                throw new LabException("--target given twice without a NAME=: give one URL, or NAME=URL per variant");
            }
        }
        String url = named.containsKey(variant) ? named.get(variant)
                : template != null ? template.replace("{variant}", variant) : null;
        if (url == null) {
            throw new LabException("no --target for variant " + variant + ": give --target " + variant + "=URL or a"
                    + " URL with {variant} in it");
        }
        return checkTarget(variant, url);
    }

    /** The safety interlock: loopback or an in-cluster service name, anything else only with --allow-remote. */
    private String checkTarget(String variant, String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host != null && !allowRemote && !Targets.isLoopback(host) && !Targets.isClusterService(host, clusterDomain)) {
            throw new LabException("--target " + variant + " points at " + host + ", which is neither a loopback"
                    + " address nor a Kubernetes service name (<service>.<namespace>.svc." + clusterDomain
                    + "): load only what you own; add --allow-remote if you really mean it");
        }
        return Targets.validate(Map.of(variant, url), true).get(variant);
    }

    static long parseInstant(String text) {
        try {
            return text.matches("[0-9]{10,}") ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new LabException("--start-at " + text + " is not an instant: use ISO-8601 (2026-01-01T10:00:00Z)"
                    + " or epoch ms");
        }
    }

    private String commandLine() {
        return "./lab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return LoadParameters.duration(text);
        } catch (IllegalArgumentException e) {
            throw new LabException(option + " " + e.getMessage());
        }
    }
}

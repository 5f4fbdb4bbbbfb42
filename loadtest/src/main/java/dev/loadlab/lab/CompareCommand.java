package dev.loadlab.lab;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.Experiment;
import dev.loadlab.lab.run.ExperimentPlan;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.LoadSettings;
import dev.loadlab.simulations.LoadParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {
                "Runs the experiment: starts the stub upstreams and the service as separate JVMs on free loopback"
                        + " ports, sweeps load over each variant (closed model: concurrency levels; open model:"
                        + " arrival rates), each point in its own Gatling JVM after a warm-up, and writes"
                        + " results/runs/<timestamp>-<name>/ (summary.json, histograms, Gatling reports);"
                        + " results/latest points at it.",
                "With --target NAME=URL it measures services that are already running instead (any"
                        + " implementation of the same API; URL is the base that /{endpoint}/{zip}/{country} is"
                        + " appended to).",
                "Default: ~5 min; --quick: ~1.5 min."},
        footer = {"", "Examples:",
                "  ./lab compare --quick",
                "  ./lab compare --variants async,blocking --levels 64,512 --rates none --measure 15s",
                "  ./lab compare --profile seed --endpoint city",
                "  ./lab compare --target mine=http://127.0.0.1:9000/api --target ours=http://127.0.0.1:8080/api/async"})
public final class CompareCommand implements Callable<Integer> {

    static final List<String> MODES = List.of("blocking", "virtual", "async");

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Small scale: 2 levels, 1 rate, 1 s warm-up, 3 s measured (~1.5 min).")
    boolean quick;

    @Option(names = "--name", defaultValue = "compare", description = "Run name, the suffix of the run folder (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--variants", split = ",", paramLabel = "MODE",
            description = "Service modes to measure, in order (default: blocking,virtual,async).")
    List<String> variants;

    @Option(names = "--endpoint", defaultValue = "sun", description = "sun, weather or city (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--levels", split = ",", paramLabel = "USERS",
            description = "Closed-model concurrency levels (default: 16,64,256,512; quick: 16,256).")
    List<Integer> levels;

    @Option(names = "--rates", split = ",", paramLabel = "RPS",
            description = "Open-model arrival rates in req/s, or 'none' (default: 200,800; quick: 200).")
    List<String> rates;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Warm-up per point, e.g. 3s (default: 3s; quick: 1s).")
    String warmup;

    @Option(names = "--measure", paramLabel = "DURATION", description = "Measured window per point (default: 8s; quick: 3s).")
    String measure;

    @Option(names = "--system-warmup", paramLabel = "DURATION",
            description = "Traffic through each variant before the first point, so JIT-compiled code is measured"
                    + " (default: 5s; quick: 2s; 0s to skip).")
    String systemWarmup;

    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "Client timeout per request (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--repeats", defaultValue = "1", description = "Run every point this many times, interleaved (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--pool-size", defaultValue = "64", description = "Blocking mode's platform-thread pool size (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--queue-size", defaultValue = "1024", description = "Blocking mode's pool queue; full = 503 (default: ${DEFAULT-VALUE}).")
    int queueSize;

    @Option(names = "--service-config", paramLabel = "KEY=VALUE",
            description = "Any other service config key for the embedded service, e.g. async.max-in-flight=32. Repeatable.")
    Map<String, String> serviceConfig = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "Measure this running service instead of the embedded one. Repeatable; loopback only unless --allow-remote.")
    Map<String, String> targets = new LinkedHashMap<>();

    @Option(names = "--allow-remote", description = "Allow --target URLs that are not loopback addresses.")
    boolean allowRemote;

    @Option(names = "--injectors", defaultValue = "1", description = "Load-generator JVMs per point, merged exactly (default: ${DEFAULT-VALUE}).")
    int injectors;

    @Option(names = "--max-requests", defaultValue = "2000000", description = "Hard cap on requests per point (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "Results root: runs go to DIR/runs/<timestamp>-<name>/, DIR/latest points at the last complete one (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Mixin
    UpstreamOptions upstream;

    @Override
    public Integer call() {
        ExperimentPlan plan = plan();
        spec.commandLine().getOut().printf("%d points: %s on /%s, %s%n", plan.pointCount(), plan.variants(),
                plan.load().endpoint(), plan.embedded() ? "embedded service" : "targets " + plan.targets());
        Path runDir = new Experiment(plan, System.out).run();
        Summary summary = SummaryFiles.read(runDir);
        System.out.println();
        System.out.print(ConsoleTable.render(summary));
        Reports.afterRun(runDir, System.out);
        return 0;
    }

    ExperimentPlan plan() {
        Map<String, String> validTargets = Targets.validate(targets, allowRemote);
        List<String> chosenVariants = variants != null ? variants
                : validTargets.isEmpty() ? MODES : List.copyOf(validTargets.keySet());
        if (validTargets.isEmpty()) {
            chosenVariants.stream().filter(v -> !MODES.contains(v)).findFirst().ifPresent(v -> {
                throw new LabException("unknown variant '" + v + "': the embedded service has " + MODES
                        + "; to measure another service use --target " + v + "=URL");
            });
        } else {
            chosenVariants.stream().filter(v -> !validTargets.containsKey(v)).findFirst().ifPresent(v -> {
                throw new LabException("variant '" + v + "' has no --target; give --target " + v + "=URL or drop it"
                        + " from --variants");
            });
        }
        if (!LoadParameters.ENDPOINTS.contains(endpoint)) {
            throw new LabException("unknown --endpoint '" + endpoint + "': use one of " + LoadParameters.ENDPOINTS);
        }
        List<Integer> chosenLevels = levels != null ? levels : quick ? List.of(16, 256) : List.of(16, 64, 256, 512);
        chosenLevels.stream().filter(l -> l < 1 || l > 20_000).findFirst().ifPresent(l -> {
            throw new LabException("--levels " + l + " is out of range: use 1..20000 users");
        });
        List<Double> chosenRates = parseRates(rates != null ? rates : quick ? List.of("200") : List.of("200", "800"));
        if (repeats < 1 || repeats > 20) {
            throw new LabException("--repeats " + repeats + " is out of range: use 1..20");
        }
        if (injectors < 1 || injectors > 8) {
            throw new LabException("--injectors " + injectors + " is out of range: use 1..8");
        }
        if (poolSize < 1 || queueSize < 0) {
            throw new LabException("--pool-size must be >= 1 and --queue-size >= 0");
        }
        LoadSettings load = new LoadSettings(endpoint,
                duration("--warmup", warmup != null ? warmup : quick ? "1s" : "3s"),
                duration("--measure", measure != null ? measure : quick ? "3s" : "8s"),
                duration("--request-timeout", requestTimeout), maxRequests);
        return new ExperimentPlan(name, Jvm.home().resolve(resultsDir), commandLine(), chosenVariants,
                validTargets, chosenLevels, chosenRates, repeats, injectors, load, upstream.profile,
                upstream.meanLatencyMs(), upstream.stubArgs(), poolSize, queueSize, serviceConfig,
                List.of("-Xmx1g"), duration("--system-warmup", systemWarmup != null ? systemWarmup : quick ? "2s" : "5s"));
    }

    private String commandLine() {
        return "./lab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private static List<Double> parseRates(List<String> values) {
        List<Double> parsed = new ArrayList<>();
        for (String value : values) {
            if (value.equalsIgnoreCase("none") || value.isBlank()) {
                continue;
            }
            try {
                double rate = Double.parseDouble(value);
                if (rate <= 0 || rate > 100_000) {
                    throw new NumberFormatException();
                }
                parsed.add(rate);
            } catch (NumberFormatException e) {
                throw new LabException("--rates " + value + " is not a rate: use req/s between 0 and 100000, or none");
            }
        }
        return parsed;
    }

    static Duration duration(String option, String text) {
        try {
            return LoadParameters.duration(text);
        } catch (IllegalArgumentException e) {
            throw new LabException(option + " " + e.getMessage());
        }
    }
}

package dev.loadlab.lab;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.Experiment;
import dev.loadlab.lab.run.ExperimentPlan;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.LoadParameters;
import dev.loadlab.lab.run.LoadSettings;
import dev.loadlab.lab.run.FakeUpstreams;
import dev.loadlab.lab.run.SystemSpec;
import dev.loadlab.lab.run.SystemWarmUp;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.simulations.RequestMix;
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
                "With --scenario FILE it measures your own service: the variants, fake upstreams (WireMock"
                        + " mappings), requests and critical path the file declares (docs/SCENARIOS.md).",
                "With --target NAME=URL it measures services that are already running instead (URL is the base"
                        + " the scenario's request paths are appended to).",
                "Default: ~5 min; --quick: ~1.5 min."},
        footer = {"", "Examples:",
                "  ./lab compare --quick",
                "  ./lab compare --scenario examples/quote/scenario.yaml --quick",
                "  ./lab compare --variants async,blocking --levels 64,512 --rates none --measure 15s",
                "  ./lab compare --profile seed --endpoint city",
                "  ./lab compare --target mine=http://127.0.0.1:9000/api --target ours=http://127.0.0.1:8080/api/async"})
public final class CompareCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "The scenario to run: your service's variants, fake upstreams, requests and defaults"
                    + " (docs/SCENARIOS.md). Default: the built-in one, scenarios/sun.yaml.")
    Path scenarioFile;

    @Option(names = "--quick", description = "Small scale: the scenario's quick defaults (built-in: 2 levels, 1 rate,"
            + " 1 s warm-up, 3 s measured, ~1.5 min).")
    boolean quick;

    @Option(names = "--name", defaultValue = "compare", description = "Run name, the suffix of the run folder (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--variants", split = ",", paramLabel = "VARIANT",
            description = "The scenario's variants to measure, in order (default: all; built-in: blocking,virtual,async,eventloop).")
    List<String> variants;

    @Option(names = "--endpoint", paramLabel = "REQUEST",
            description = "Send only this request of the scenario (built-in: sun, weather or city; default: the"
                    + " scenario's weighted mix, built-in: sun).")
    String endpoint;

    @Option(names = "--levels", split = ",", paramLabel = "USERS",
            description = "Closed-model concurrency levels (default: the scenario's; built-in 16,64,256,512; quick: 16,256).")
    List<Integer> levels;

    @Option(names = "--rates", split = ",", paramLabel = "RPS",
            description = "Open-model arrival rates in req/s, or 'none' (default: the scenario's; built-in 200,800; quick: 200).")
    List<String> rates;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Warm-up per point, e.g. 3s (default: the scenario's; built-in 3s; quick: 1s).")
    String warmup;

    @Option(names = "--measure", paramLabel = "DURATION", description = "Measured window per point (default: the scenario's; built-in 8s; quick: 3s).")
    String measure;

    @Option(names = "--system-warmup", paramLabel = "DURATION",
            description = "Traffic through each variant before the first point, so JIT-compiled code is measured"
                    + " (default: the scenario's; built-in 5s; quick: 2s; 0s to skip).")
    String systemWarmup;

    @Option(names = "--request-timeout", paramLabel = "DURATION",
            description = "Client timeout per request (default: the scenario's; built-in 10s).")
    String requestTimeout;

    @Option(names = "--repeats", description = "Run every point this many times, interleaved (default: the scenario's; built-in 1).")
    Integer repeats;

    @Option(names = "--pool-size", defaultValue = "64", description = "Blocking mode's platform-thread pool size (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--queue-size", defaultValue = "1024", description = "Blocking mode's pool queue; full = 503 (default: ${DEFAULT-VALUE}).")
    int queueSize;

    @Option(names = "--service-config", paramLabel = "KEY=VALUE",
            description = "Any other service config key for the embedded service, e.g. async.max-in-flight=32. Repeatable.")
    Map<String, String> serviceConfig = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "Measure this running service instead of the scenario's variants. Repeatable; loopback only unless --allow-remote.")
    Map<String, String> targets = new LinkedHashMap<>();

    @Option(names = "--allow-remote", description = "Allow --target (and scenario url) variants that are not loopback addresses.")
    boolean allowRemote;

    @Option(names = "--injectors", defaultValue = "1", description = "Load-generator JVMs per point, merged exactly (default: ${DEFAULT-VALUE}).")
    int injectors;

    @Option(names = "--max-requests", defaultValue = "2000000", description = "Hard cap on requests per point (default: ${DEFAULT-VALUE}).")
    long maxRequests;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "Results root: runs go to DIR/runs/<timestamp>-<name>/, DIR/latest points at the last complete one (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--keep-jfr", description = "Keep each point's JDK Flight Recorder recording"
            + " (points/<id>/profile/recording.jfr, up to 64 MB each); by default only its flame graph and summary stay.")
    boolean keepJfr;

    @Option(names = "--no-evidence", description = "Record no JFR evidence inside the JVMs the lab starts"
            + " (no points/<id>/profile/).")
    boolean noEvidence;

    @Mixin
    UpstreamOptions upstream;

    @Override
    public Integer call() {
        ExperimentPlan plan = plan();
        spec.commandLine().getOut().printf("%d points: %s on /%s, %s%n", plan.pointCount(), plan.variants(),
                plan.load().endpoint(), plan.embedded() ? "scenario " + plan.scenarioFile()
                        : "targets " + plan.targets());
        spec.commandLine().getOut().flush();
        Path runDir = new Experiment(plan, System.out).run();
        Summary summary = SummaryFiles.read(runDir);
        System.out.println();
        System.out.print(ConsoleTable.render(summary));
        Reports.afterRun(runDir, System.out);
        return 0;
    }

    ExperimentPlan plan() {
        Scenario scenario = ScenarioFiles.loadOrBuiltIn(scenarioFile);
        Scenario.Defaults defaults = quick ? scenario.defaults().quickOrSelf() : scenario.defaults();
        Map<String, String> validTargets = Targets.validate(targets, allowRemote);
        List<String> chosenVariants = variants != null ? variants
                : validTargets.isEmpty() ? scenario.variantNames() : List.copyOf(validTargets.keySet());
        if (validTargets.isEmpty()) {
            chosenVariants.stream().filter(v -> !scenario.variants().containsKey(v)).findFirst().ifPresent(v -> {
                throw new LabException("unknown variant '" + v + "': the scenario " + scenario.name() + " has "
                        + scenario.variantNames() + "; to measure another service use --target " + v + "=URL");
            });
        } else {
            chosenVariants.stream().filter(v -> !validTargets.containsKey(v)).findFirst().ifPresent(v -> {
                throw new LabException("variant '" + v + "' has no --target; give --target " + v + "=URL or drop it"
                        + " from --variants");
            });
        }
        RequestMix mix = scenario.requests();
        if (endpoint != null) {
            if (!scenario.criticalPaths().containsKey(endpoint)) {
                throw new LabException("unknown --endpoint '" + endpoint + "': the scenario's requests are "
                        + scenario.criticalPaths().keySet());
            }
            mix = mix.only(endpoint);
        }
        List<Integer> chosenLevels = levels != null ? levels : defaults.levels();
        chosenLevels.stream().filter(l -> l < 1 || l > 20_000).findFirst().ifPresent(l -> {
            throw new LabException("--levels " + l + " is out of range: use 1..20000 users");
        });
        List<Double> chosenRates = parseRates(rates != null ? rates : defaults.rates());
        int chosenRepeats = repeats != null ? repeats : defaults.repeats();
        if (chosenRepeats < 1 || chosenRepeats > 20) {
            throw new LabException("--repeats " + chosenRepeats + " is out of range: use 1..20");
        }
        if (injectors < 1 || injectors > 8) {
            throw new LabException("--injectors " + injectors + " is out of range: use 1..8");
        }
        if (poolSize < 1 || queueSize < 0) {
            throw new LabException("--pool-size must be >= 1 and --queue-size >= 0");
        }
        LoadSettings load = new LoadSettings(mix.label(),
                warmup != null ? duration("--warmup", warmup) : defaults.warmup(),
                measure != null ? duration("--measure", measure) : defaults.measure(),
                requestTimeout != null ? duration("--request-timeout", requestTimeout) : defaults.requestTimeout(),
                maxRequests);

        Map<String, String> running = new LinkedHashMap<>(validTargets);
        Map<String, String> modes = new LinkedHashMap<>();
        Map<String, Scenario.Variant> commands = new LinkedHashMap<>();
        if (validTargets.isEmpty()) {
            Map<String, String> urls = new LinkedHashMap<>();
            for (String variant : chosenVariants) {
                Scenario.Variant v = scenario.variants().get(variant);
                if (v.isBuiltin()) {
                    modes.put(variant, v.builtin());
                } else if (v.isCommand()) {
                    commands.put(variant, v);
                } else {
                    urls.put(variant, v.url());
                }
            }
            running.putAll(Targets.validate(urls, allowRemote));
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("blocking.pool-size", String.valueOf(poolSize));
        config.put("blocking.queue-size", String.valueOf(queueSize));
        config.putAll(serviceConfig);
        List<SystemSpec> systems = modes.isEmpty() && commands.isEmpty() ? List.of()
                : List.of(new SystemSpec("service", null, config, modes, commands));
        return ExperimentPlan.builder().name(name).resultsDir(Jvm.home().resolve(resultsDir))
                .commandLine(commandLine())
                .scenario(scenario, scenarioFile == null ? ScenarioFiles.BUILT_IN : scenarioFile.toString())
                .mix(mix).variants(chosenVariants).targets(running).levels(chosenLevels).rates(chosenRates)
                .repeats(chosenRepeats).injectors(injectors).load(load)
                .upstreams(FakeUpstreams.of(upstream.applyTo(scenario.upstreams())))
                .blockingPool(modes.isEmpty() ? null : poolSize, modes.isEmpty() ? null : queueSize)
                .systemWarmup(systemWarmup != null ? duration("--system-warmup", systemWarmup) : defaults.systemWarmup(),
                        SystemWarmUp.clientsFor(chosenLevels))
                .systems(systems).evidence(new ExperimentPlan.Evidence(!noEvidence, keepJfr)).build();
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

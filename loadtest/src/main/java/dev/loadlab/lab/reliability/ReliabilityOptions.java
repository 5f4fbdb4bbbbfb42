package dev.loadlab.lab.reliability;

import dev.loadlab.lab.report.ReliabilityReport;
import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.Preflight;
import dev.loadlab.lab.run.SystemWarmUp;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.loadlab.lab.run.FakeUpstreams;
import dev.loadlab.lab.scenario.Scenario;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.simulations.RequestMix;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the three reliability commands (resilience, overload, soak) share, mixed into each: the options they all take,
 * the scenario they run (the built-in one, or {@code --scenario FILE}: anyone's service), checked here, and the run
 * skeleton ({@link #run}): a run folder, the fake upstreams and the variants started, preflighted and warmed up, the
 * command's episodes, then the checks printed, the report and the exit code. Each command adds its own options
 * (rates, stages, limits), their checks and its episodes.
 */
public final class ReliabilityOptions {

    /** Exit code when the run ran but a check failed (2 = could not measure, as everywhere in the lab). */
    static final int CHECK_FAILED = 1;

    /** The built-in scenario's upstream latency in these commands (compare's is the scenario's, 100 ms). */
    static final int BUILT_IN_LATENCY_MS = 50;

    /** The lab's service as a command starts it: its config keys (as system properties) and its JVM options. */
    record Service(Map<String, String> config, List<String> jvmArgs) {
    }

    /** A command's episodes against the started system; returns every check. */
    interface Episodes {
        List<ReliabilityResult.Check> run(ReliabilityRun run, EmbeddedSystem system);
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--name", description = "Run name, suffix of the run folder (default: the command's name).")
    String name;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "Your service's scenario (docs/SCENARIOS.md): the variants to start, their fake upstreams and"
                    + " the requests to send. Default: the built-in one, scenarios/sun.yaml.")
    Path scenarioFile;

    @Option(names = "--variants", split = ",", paramLabel = "VARIANT",
            description = "The scenario's variants to run, in order (default: all; built-in: blocking,virtual,async,eventloop).")
    List<String> variants;

    @Option(names = "--endpoint", paramLabel = "REQUEST",
            description = "Send only this request of the scenario (built-in: sun, weather or city; default: the"
                    + " scenario's weighted mix, built-in: sun).")
    String endpoint;

    @Option(names = "--latency-ms", paramLabel = "MS",
            description = "Latency of every upstream (default: 50 on the built-in scenario, the scenario's own with"
                    + " --scenario).")
    Integer latencyMs;

    @Option(names = "--system-warmup", paramLabel = "DURATION",
            description = "Traffic through each variant before the first episode (default: ${DEFAULT-VALUE}).")
    String systemWarmup;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "Results root; the run goes to DIR/runs/<timestamp>-<name>/ (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    private ReliabilityScenario resolved;

    public ReliabilityOptions() {
        this("3s");
    }

    /** @param systemWarmup the command's default of {@code --system-warmup} */
    ReliabilityOptions(String systemWarmup) {
        this.systemWarmup = systemWarmup;
    }

    String name() {
        return name != null ? name : command.name();
    }

    /**
     * The scenario, its chosen variants and requests, and its upstreams at the chosen latency; checked once, before
     * anything starts.
     */
    ReliabilityScenario scenario() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    private ReliabilityScenario resolve() {
        Scenario scenario = ScenarioFiles.loadOrBuiltIn(scenarioFile);
        List<String> chosen = variants == null || variants.isEmpty() ? scenario.variantNames() : variants;
        Checks.require(chosen.stream().distinct().count() == chosen.size(), "--variants lists a variant twice: "
                + chosen);
        RequestMix mix = scenario.requests();
        if (endpoint != null) {
            Checks.require(scenario.criticalPaths().containsKey(endpoint), "unknown --endpoint '" + endpoint
                    + "': use one of " + scenario.criticalPaths().keySet());
            mix = mix.only(endpoint);
        }
        Integer latency = latencyMs != null ? latencyMs : scenarioFile == null ? BUILT_IN_LATENCY_MS : null;
        Checks.require(latency == null || latency >= 0 && latency <= 10_000, "--latency-ms must be 0..10000");
        Map<String, Scenario.Upstream> upstreams = new LinkedHashMap<>();
        scenario.upstreams().forEach((name, upstream) -> upstreams.put(name, latency == null ? upstream
                : new Scenario.Upstream(name, upstream.builtin(), upstream.mappingsDir(),
                upstream.latency().withMs(latency), upstream.faults())));
        return new ReliabilityScenario(scenario, scenarioFile == null ? ScenarioFiles.BUILT_IN
                : scenarioFile.toString(), mix, List.copyOf(chosen), FakeUpstreams.of(upstreams));
    }

    Duration systemWarmup() {
        return Checks.duration("--system-warmup", systemWarmup);
    }

    /**
     * Runs one scenario in its own run folder ({@link ReliabilityRun}): starts the fake upstreams, the lab's
     * service (when a variant is one of its modes) and the variants started by command, checks that every variant
     * answers (preflight), warms them up, runs the episodes, then prints the checks, renders the report and
     * returns the exit code.
     *
     * @param kind   resilience, overload or soak
     * @param config the command's settings, recorded as run
     */
    int run(String kind, Map<String, Object> config, Service service, PrintStream console, Episodes episodes) {
        ReliabilityScenario scenario = scenario();
        Duration warmup = systemWarmup();
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("scenario", scenario.label());
        recorded.putAll(config);
        Path runDir = ReliabilityRun.execute(Jvm.home().resolve(resultsDir), name(), kind, commandLine(), recorded,
                console, run -> {
                    try (EmbeddedSystem system = EmbeddedSystem.start(run.dir().resolve("logs"), scenario.upstreams(),
                            scenario.startsLabService() ? Jvm.requireJar("service/target/service.jar") : null,
                            service.config(), service.jvmArgs(), scenario.commands())) {
                        List<ReliabilityScenario.Target> targets = scenario.targets(system);
                        targets.forEach(t -> console.printf("%s: %s (pid %d)%n", t.name(), t.url(), t.pid()));
                        Preflight.check(targets.stream().map(t -> new Preflight.Variant(t.name(), t.url(),
                                "log: " + t.log())).toList(), scenario.mix());
                        SystemWarmUp.run(targets.stream().map(ReliabilityScenario.Target::url).toList(),
                                scenario.mix(), warmup, console);
                        return episodes.run(run, system);
                    }
                });
        return finish(runDir, console);
    }

    /** The command as typed, e.g. {@code ./lab resilience --rate 40} (the parse result holds the subcommand too). */
    private String commandLine() {
        return "./lab " + String.join(" ", command.commandLine().getParseResult().originalArgs());
    }

    /** Prints the checks, renders the report and returns the exit code. */
    private static int finish(Path runDir, PrintStream console) {
        ReliabilityResult result = ReliabilityResult.read(runDir);
        Checks.print(result.checks(), console);
        try {
            ReliabilityReport.Rendered report = ReliabilityReport.render(runDir);
            console.println("report: " + report.html());
        } catch (RuntimeException e) {
            console.println("report: not rendered (" + e.getMessage() + "); results are in " + runDir.resolve(
                    ReliabilityResult.FILE));
        }
        console.println("results: " + runDir.resolve(ReliabilityResult.FILE));
        return Boolean.TRUE.equals(result.passed()) ? 0 : CHECK_FAILED;
    }
}

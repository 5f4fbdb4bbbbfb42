package dev.loadlab.lab.reliability;

import dev.loadlab.lab.report.ReliabilityReport;
import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.Preflight;
import dev.loadlab.lab.run.SystemWarmUp;
import dev.loadlab.simulations.LoadParameters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.loadlab.lab.scenario.ScenarioFiles;
import dev.loadlab.simulations.RequestMix;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the three reliability commands (resilience, overload, soak) share, mixed into each: the options they all take,
 * checked here, and the run skeleton ({@link #run}): a run folder, the stubs and the service started, preflighted
 * and warmed up, the command's episodes, then the checks printed, the report and the exit code. Each command adds
 * its own options (rates, stages, limits), their checks and its episodes.
 */
public final class ReliabilityOptions {

    /** Exit code when the run ran but a check failed (2 = could not measure, as everywhere in the lab). */
    static final int CHECK_FAILED = 1;

    static final List<String> MODES = List.of("blocking", "virtual", "async");

    /** The service a scenario starts: its config keys (as system properties) and its JVM options. */
    record Service(Map<String, String> config, List<String> jvmArgs) {
    }

    /** A scenario's episodes against the started system; returns every check. */
    interface Episodes {
        List<ReliabilityResult.Check> run(ReliabilityRun run, EmbeddedSystem system);
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--name", description = "Run name, suffix of the run folder (default: the command's name).")
    String name;

    @Option(names = "--variants", split = ",", paramLabel = "MODE",
            description = "Modes to run, in order (default: blocking,virtual,async).")
    List<String> variants;

    @Option(names = "--endpoint", defaultValue = "sun", description = "sun, weather or city (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--latency-ms", defaultValue = "50", description = "Upstream latency per API (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--system-warmup", paramLabel = "DURATION",
            description = "Traffic through each variant before the first episode (default: ${DEFAULT-VALUE}).")
    String systemWarmup;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "Results root; the run goes to DIR/runs/<timestamp>-<name>/ (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

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

    /** The modes of the embedded service to run, each once. */
    List<String> variants() {
        List<String> chosen = variants == null || variants.isEmpty() ? MODES : variants;
        chosen.stream().filter(v -> !MODES.contains(v)).findFirst().ifPresent(v -> {
            throw new LabException("unknown variant '" + v + "': the embedded service has " + MODES);
        });
        Checks.require(chosen.stream().distinct().count() == chosen.size(), "--variants lists a mode twice: " + chosen);
        return chosen;
    }

    String endpoint() {
        Checks.require(LoadParameters.ENDPOINTS.contains(endpoint), "unknown --endpoint '" + endpoint + "': use one of "
                + LoadParameters.ENDPOINTS);
        return endpoint;
    }

    int latencyMs() {
        Checks.require(latencyMs >= 0 && latencyMs <= 10_000, "--latency-ms must be 0..10000");
        return latencyMs;
    }

    Duration systemWarmup() {
        return Checks.duration("--system-warmup", systemWarmup);
    }

    /**
     * Runs one scenario in its own run folder ({@link ReliabilityRun}): starts the stubs (at {@code --latency-ms})
     * and the service, checks that every variant answers (preflight), warms them up, runs the episodes, then prints
     * the checks, renders the report and returns the exit code.
     *
     * @param kind   resilience, overload or soak
     * @param config the scenario's settings, recorded as run
     */
    int run(String kind, Map<String, Object> config, Service service, PrintStream console, Episodes episodes) {
        List<String> modes = variants();
        RequestMix mix = ScenarioFiles.builtIn().requests().only(endpoint());
        Duration warmup = systemWarmup();
        List<String> stubArgs = List.of("--latency-ms", String.valueOf(latencyMs()));
        Path runDir = ReliabilityRun.execute(Jvm.home().resolve(resultsDir), name(), kind, commandLine(), config,
                console, run -> {
                    try (EmbeddedSystem system = EmbeddedSystem.start(run.dir().resolve("logs"), stubArgs,
                            service.config(), service.jvmArgs())) {
                        console.printf("service %s (pid %d), stubs pid %d%n", system.serviceUrl(),
                                system.servicePid(), system.stubPid());
                        Preflight.check(modes.stream().map(v -> new Preflight.Variant(v, system.variantUrl(v),
                                "service log: " + system.serviceLog())).toList(), mix);
                        SystemWarmUp.run(modes.stream().map(system::variantUrl).toList(), mix, warmup, console);
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

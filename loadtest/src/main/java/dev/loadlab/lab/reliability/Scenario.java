package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.report.ReliabilityReport;
import dev.loadlab.lab.run.EmbeddedSystem;
import dev.loadlab.lab.run.Preflight;
import dev.loadlab.lab.run.SystemWarmUp;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the three scenario commands do alike: start the system, check that every variant answers (preflight), warm it
 * up, end with the report and an exit code.
 */
final class Scenario {

    /** Exit code when the scenario ran but a check failed (2 = could not measure, as everywhere in the lab). */
    static final int CHECK_FAILED = 1;

    private Scenario() {
    }

    /** The command as typed, e.g. {@code ./lab resilience --rate 40} (the parse result holds the subcommand too). */
    static String commandLine(CommandSpec spec) {
        return "./lab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    /** The stubs and the service in their own JVMs, each variant answering its first request, warmed up. */
    static EmbeddedSystem start(Path runDir, List<String> stubArgs, Map<String, String> serviceConfig,
                                List<String> serviceJvmArgs, List<String> variants, String endpoint,
                                Duration warmup, PrintStream console) {
        EmbeddedSystem system = EmbeddedSystem.start(runDir.resolve("logs"), stubArgs, serviceConfig, serviceJvmArgs);
        console.printf("service %s (pid %d), stubs pid %d%n", system.serviceUrl(), system.servicePid(),
                system.stubPid());
        Preflight.check(variants.stream().map(v -> new Preflight.Variant(v, system.variantUrl(v),
                "service log: " + system.serviceLog())).toList(), endpoint);
        SystemWarmUp.run(variants.stream().map(system::variantUrl).toList(), endpoint, warmup, console);
        return system;
    }

    /** Prints the checks, renders the report and returns the exit code. */
    static int finish(Path runDir, PrintStream console) {
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

package dev.loadlab.lab;

import dev.loadlab.lab.gate.StoredBaseline;
import dev.loadlab.lab.gate.Statistics;
import dev.loadlab.lab.gate.Trial;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./lab baseline save|show}: the only way a gate baseline is written. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Gate baselines (results/baselines/<name>.json): written only by 'save', never by the gate."},
        subcommands = {BaselineCommand.Save.class, BaselineCommand.Show.class})
public final class BaselineCommand {

    static final String DIR = "results/baselines";

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = {"Saves the trials of one side of a complete run (per repeat: throughput, p99, service CPU"
                    + " per request of each mode and level), with its workload, service config and machine, as"
                    + " results/baselines/<name>.json."},
            footer = {"", "Examples:", "  ./lab baseline save ci --from results/latest",
                    "  ./lab baseline save ci --from results/runs/20261125-101500-gate --force"})
    static final class Save implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Baseline name: 1-64 letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--from", required = true, paramLabel = "RUN", description = "Run folder, e.g. results/latest.")
        Path from;

        @Option(names = "--side", defaultValue = "head", paramLabel = "SIDE",
                description = "Side of an A/B gate run to save: head (B, the build under test) or base (A) (default: ${DEFAULT-VALUE}).")
        String side;

        @Option(names = "--force", description = "Replace an existing baseline of that name.")
        boolean force;

        @Option(names = "--dir", defaultValue = DIR, paramLabel = "DIR", description = "Baselines folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new LabException("baseline name '" + name + "' is not allowed: use 1-64 letters, digits, '.', '_' or '-'");
            }
            if (!List.of(Trial.HEAD, Trial.BASE).contains(side)) {
                throw new LabException("--side " + side + ": use head or base");
            }
            Path file = Jvm.home().resolve(dir).resolve(name + ".json");
            if (Files.exists(file) && !force) {
                throw new LabException(file + " exists; pass --force to replace it");
            }
            StoredBaseline baseline = StoredBaseline.fromRun(name, Jvm.home().resolve(from), side);
            baseline.write(file);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("baseline %s: %d trials of %s from run %s (%s)%n", file, baseline.trials().size(), side,
                    baseline.source().runId(), commit(baseline));
            out.print(table(baseline));
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints a baseline's medians per mode and level.")
    static final class Show implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME|FILE", description = "A name under results/baselines or a file.")
        String baseline;

        @Override
        public Integer call() {
            Path file = baseline.endsWith(".json") ? Jvm.home().resolve(baseline)
                    : Jvm.home().resolve(DIR).resolve(baseline + ".json");
            StoredBaseline stored = StoredBaseline.read(file);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: run %s (%s), saved %s, %s on %s%n", file, stored.source().runId(), commit(stored),
                    stored.savedAt(), stored.workload().endpoint(),
                    stored.environment() == null ? "?" : stored.environment().os());
            out.println("service config: " + stored.serviceConfig());
            out.print(table(stored));
            out.flush();
            return 0;
        }
    }

    private static String commit(StoredBaseline baseline) {
        return baseline.source().gitCommit() == null ? "no git commit" : baseline.source().gitCommit();
    }

    static String table(StoredBaseline baseline) {
        // the mode column as wide as its longest name (eventloop, or a scenario's variant)
        String mode = "%-" + Math.max(8, baseline.trials().stream().mapToInt(t -> t.mode().length()).max()
                .orElse(0)) + "s";
        Map<String, List<Trial>> groups = new TreeMap<>(baseline.trials().stream()
                .collect(Collectors.groupingBy(t -> String.format(mode + " %6d", t.mode(), t.concurrency()))));
        StringBuilder out = new StringBuilder(String.format(mode + " %6s %7s %10s %9s %11s%n", "mode", "users",
                "trials", "req/s", "p99 ms", "cpu us/req"));
        groups.forEach((key, trials) -> {
            List<Double> cpu = trials.stream().map(Trial::serviceCpuUsPerRequest).filter(v -> v != null).toList();
            out.append(String.format("%s %7d %10.1f %9.0f %11s%n", key, trials.size(),
                    Statistics.median(trials.stream().map(Trial::throughputRps).toList()),
                    Statistics.median(trials.stream().map(Trial::p99Ms).toList()),
                    cpu.isEmpty() ? "-" : String.format("%.0f", Statistics.median(cpu))));
        });
        return out.toString();
    }
}

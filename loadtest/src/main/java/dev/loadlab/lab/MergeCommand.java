package dev.loadlab.lab;

import dev.loadlab.lab.results.RunMerger;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.RunFolder;
import dev.loadlab.simulations.LoadParameters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./lab merge}: the folders several injectors wrote (elsewhere) become one run folder and its report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {
                "Merges what injectors wrote elsewhere (./lab inject on other machines or in Kubernetes pods) into one"
                        + " run folder, results/runs/<timestamp>-<name>/, with summary.json, merged histograms, each"
                        + " injector's Gatling report and the report.",
                "Checks as the lab does for its own points: the injectors of a point must have run the same point"
                        + " (variant, level, repeat, target, phase lengths; else an error) and together (windows start"
                        + " within --window-tolerance); a missing, failed or unfinished injector makes its point"
                        + " incomplete (never silently smaller), and the run then exits with code 2."},
        footer = {"", "Examples:",
                "  ./lab merge /tmp/injector-0 /tmp/injector-1",
                "  ./lab merge /results/incoming/r1 --name r1 --injectors 4 --points async-c512-1,blocking-c512-1 --replicas 2"})
public final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR",
            description = "Folders holding injector.json files (one injector's folder, or a folder of many).")
    List<Path> dirs;

    @Option(names = "--name", defaultValue = "merged", description = "Run name, the suffix of the run folder (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "Results root: the run goes to DIR/runs/<timestamp>-<name>/ (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--injectors", paramLabel = "N", description = "Every point must have been split over N injectors.")
    Integer injectors;

    @Option(names = "--points", split = ",", paramLabel = "ID",
            description = "Points the run must hold; one that no injector reported is incomplete.")
    List<String> points;

    @Option(names = "--replicas", paramLabel = "R",
            description = "Service replicas behind the target (default: what the injectors recorded, else 1).")
    Integer replicas;

    @Option(names = "--window-tolerance", paramLabel = "DURATION",
            description = "How far apart the injectors' measured windows may start (default: 10% of the window, at least 1s).")
    String windowTolerance;

    @Option(names = "--no-report", description = "Write summary.json and histograms only.")
    boolean noReport;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (injectors != null && (injectors < 1 || injectors > 64)) {
            throw new LabException("--injectors " + injectors + " is out of range: use 1..64");
        }
        if (replicas != null && replicas < 1) {
            throw new LabException("--replicas " + replicas + " is out of range: use 1 or more");
        }
        Duration tolerance = null;
        if (windowTolerance != null) {
            try {
                tolerance = LoadParameters.duration(windowTolerance);
            } catch (IllegalArgumentException e) {
                throw new LabException("--window-tolerance " + e.getMessage());
            }
        }
        List<Path> inputs = dirs.stream().map(d -> Jvm.home().resolve(d)).toList();
        RunMerger.find(inputs).stream().findAny().orElseThrow(() -> new LabException("no injector.json under "
                + inputs + ": pass the folders that ./lab inject wrote (its --out)"));
        Path results = Jvm.home().resolve(resultsDir);
        Path runDir = RunFolder.create(results, name);
        Summary summary = RunMerger.merge(inputs, runDir, new RunMerger.Options(name, commandLine(), injectors,
                points, replicas, tolerance));
        long injectorCount = RunMerger.find(inputs).size();
        out.printf("merged %d injector folders into %d points: %s%n", injectorCount, summary.points().size(), runDir);
        out.println();
        out.print(ConsoleTable.render(summary));
        out.flush();
        if (!noReport) {
            Reports.afterRun(runDir, System.out);
        }
        if (!Summary.RunInfo.COMPLETE.equals(summary.run().status())) {
            throw new LabException("the merged run is incomplete: " + summary.run().reason() + " (run folder: "
                    + runDir + ")");
        }
        RunFolder.markLatest(results, runDir);
        return 0;
    }

    private String commandLine() {
        return "./lab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}

package dev.loadlab.lab;

import dev.loadlab.lab.report.RunDiff;
import dev.loadlab.lab.report.RunLocator;
import dev.loadlab.lab.run.Jvm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
                "Compares runs: the first is the baseline A, each other run (B, C...) is compared with it. Writes"
                        + " diff.html and diff.md (per variant and level: throughput, p50, p99, CPU µs/request and"
                        + " errors, with the relative change, green when better, red when worse, grey within ±3%%)"
                        + " and charts/ with the runs overlaid, to results/diffs/<timestamp>-<A>-vs-<B>/.",
                "Refuses (exit 2) runs whose endpoint, upstream latency or latency profile differ: their numbers"
                        + " measure different workloads. --force compares them anyway."},
        footer = {"", "Examples:",
                "  ./lab diff results/runs/20261125-101500-compare results/latest",
                "  ./lab diff 20261125-101500-compare 20261125-111500-compare --out /tmp/cmp"})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..4", paramLabel = "RUN",
            description = "Run folders, run ids under results/runs, or 'latest'; the first is the baseline.")
    List<String> runs;

    @Option(names = "--force", description = "Compare even runs of different workloads (endpoint or upstream latency).")
    boolean force;

    @Option(names = "--out", paramLabel = "DIR", description = "Write here instead of a new folder under results/diffs.")
    Path out;

    @Override
    public Integer call() {
        List<Path> runDirs = runs.stream().map(RunLocator::resolve).toList();
        Path dir = out != null ? out.toAbsolutePath()
                : RunDiff.defaultFolder(Jvm.home().resolve("results").resolve("diffs"), runDirs);
        RunDiff.Rendered rendered = RunDiff.render(runDirs, dir, force);
        PrintWriter console = spec.commandLine().getOut();
        rendered.notes().forEach(note -> console.println("note: " + note));
        console.println("diff: " + rendered.html());
        console.println("markdown: " + rendered.markdown());
        console.flush();
        return 0;
    }
}

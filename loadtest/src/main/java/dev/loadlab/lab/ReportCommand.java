package dev.loadlab.lab;

import dev.loadlab.lab.report.ReliabilityReport;
import dev.loadlab.lab.report.RunLocator;
import dev.loadlab.lab.report.RunReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
                "Renders a run's report from its summary.json and histogram logs alone: report.html (one"
                        + " self-contained page that opens offline), report.md (for CI summaries and pull requests)"
                        + " and charts/*.png|svg, all in the run folder. ./lab compare does this at the end of"
                        + " every run; use this to re-render (e.g. an incomplete run, or after an upgrade)."},
        footer = {"", "Examples:",
                "  ./lab report",
                "  ./lab report results/runs/20261125-101500-compare",
                "  ./lab report 20261125-101500-compare"})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "results/latest", paramLabel = "RUN",
            description = "Run folder, run id under results/runs, or 'latest' (default: ${DEFAULT-VALUE}).")
    String run;

    @Override
    public Integer call() {
        java.nio.file.Path runDir = RunLocator.resolve(run);
        PrintWriter out = spec.commandLine().getOut();
        if (java.nio.file.Files.isRegularFile(runDir.resolve(dev.loadlab.lab.results.ReliabilityResult.FILE))) {
            // a run of ./lab resilience, overload or soak
            ReliabilityReport.Rendered reliability = ReliabilityReport.render(runDir);
            out.println("report: " + reliability.html());
            out.println("markdown: " + reliability.markdown());
            out.flush();
            return 0;
        }
        RunReport.Rendered rendered = RunReport.render(runDir);
        out.println(rendered.headline());
        out.println("report: " + rendered.html());
        out.println("markdown: " + rendered.markdown());
        out.flush();
        return 0;
    }
}

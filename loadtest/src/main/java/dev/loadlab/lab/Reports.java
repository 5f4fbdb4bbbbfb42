package dev.loadlab.lab;

import dev.loadlab.lab.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;

/** What every run prints at its end: where its results are, and its report (rendered here). */
final class Reports {

    private Reports() {
    }

    static void afterRun(Path runDir, PrintStream out) {
        out.println();
        out.println("results: " + runDir.resolve("summary.json"));
        try {
            RunReport.Rendered report = RunReport.render(runDir);
            out.println(report.headline());
            out.println("report: " + report.html());
        } catch (RuntimeException e) {
            // The run's results are safe in summary.json; a report problem must not fail the run.
            out.println("report: not rendered (" + e.getMessage() + "); retry with ./lab report " + runDir);
        }
    }
}

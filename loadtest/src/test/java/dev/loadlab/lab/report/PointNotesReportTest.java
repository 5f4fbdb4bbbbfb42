package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a point's numbers cannot say by themselves is said in report.html and report.md. */
class PointNotesReportTest {

    @TempDir
    Path dir;

    /** A --target run whose points are then changed by {@code change}. */
    private Path targetRun(String name, UnaryOperator<Summary.Point> change) {
        Path run = RunFixture.run(name).variants("mine", "ours").targets().levels(16, 256).rates().writeTo(dir);
        Summary summary = SummaryFiles.read(run);
        List<Summary.Point> points = summary.points().stream().map(change).toList();
        SummaryFiles.write(run, summary.withPoints(points));
        return run;
    }

    @Test
    void a_timed_out_drain_is_named_at_the_top_and_on_its_point_in_both_reports() throws IOException {
        Path run = targetRun("drain", p -> p.withDrain(p.id().equals("ours-c256-1")
                ? new Summary.Drain(Summary.Drain.PROBE, 30_004, true, 250.0)
                : new Summary.Drain(Summary.Drain.PROBE, 300, false, 250.0)));

        RunReport.Rendered report = RunReport.render(run);

        String note = "drain timed out after 30 s (no 2xx within 250 ms): this point may carry the previous one's"
                + " backlog";
        String html = Files.readString(report.html());
        assertThat(html).contains("id=\"drain-timed-out\">" + Html.esc("Drain timed out before 1 point. ours-c256-1: "
                        + note))
                .contains("<strong style=\"color:#b3261e\">" + Html.esc(note) + "</strong>")
                .contains("<td class=\"l\">0.30 s (probe)</td>");
        assertThat(Files.readString(report.markdown())).contains("> [!WARNING]\n> **Drain timed out before 1 point."
                + " ours-c256-1: " + note);
    }

    @Test
    void a_run_whose_drains_all_finished_shows_no_warning() throws IOException {
        Path run = targetRun("drained", p -> p.withDrain(new Summary.Drain(Summary.Drain.METRICS, 40, false, null)));

        RunReport.Rendered report = RunReport.render(run);

        assertThat(Files.readString(report.html())).doesNotContain("drain-timed-out").doesNotContain("timed out");
        assertThat(Files.readString(report.markdown())).doesNotContain("WARNING");
    }
}

package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** The same point as one in which every request failed: no OK response, so no latency and no throughput. */
    private static Summary.Point noneOk(Summary.Point p, long ko, Map<String, Long> causes) {
        return new Summary.Point(p.id(), p.variant(), p.model(), p.concurrency(), p.rateRps(), p.repeat(), p.status(),
                p.window(), new Summary.Requests(0, ko, causes), 0, new Summary.LatencyMs(0, 0, 0, 0, 0, 0, 0, 0),
                new Summary.Bound(p.bound().criticalPathMs(), p.bound().littleRps(), p.bound().poolRps(), 0),
                p.cpu(), p.serviceRssMb(), p.injectors(), null, p.gatlingReports(), null, null, null);
    }

    @Test
    void a_target_with_no_successful_response_says_so_in_the_headline_and_both_reports() throws IOException {
        Path run = RunFixture.run("dead").variants("x").targets().levels(16, 256).rates().writeTo(dir);
        Summary summary = SummaryFiles.read(run);
        SummaryFiles.write(run, summary.withPoints(summary.points().stream()
                .map(p -> noneOk(p, p.concurrency() == 256 ? 236 : 64_290,
                        p.concurrency() == 256 ? Map.of("timeout", 236L) : Map.of("connection", 64_290L)))
                .toList()));

        RunReport.Rendered report = RunReport.render(run);

        assertThat(report.headline()).isEqualTo("At 256 concurrent users: x had no successful responses: 236"
                + " timeouts.");
        assertThat(Headline.of(LoadedRun.load(run)).efficiency()).isNull();
        String html = Files.readString(report.html());
        assertThat(html).contains("x-c256-1 <strong style=\"color:#b3261e\">no successful responses: 236 timeouts"
                + "</strong>").contains("x-c16-1 <strong style=\"color:#b3261e\">no successful responses: 64,290"
                + " connection errors</strong>");
        String md = Files.readString(report.markdown());
        assertThat(md).contains("| x | closed | 256 | 0 | 1,280 | 0% | – | – | 100.0% |")
                .contains("**x at 256 users: no successful responses: 236 timeouts.**")
                .contains("**x at 16 users: no successful responses: 64,290 connection errors.**");
        assertThat(html + md).doesNotContain("p99 0 ms").doesNotContain("0 req/s (0%");
    }

    @Test
    void blocking_with_no_successful_response_is_named_beside_the_variant_that_served() throws IOException {
        Path run = RunFixture.run("mixed-blocking").variants("blocking", "async").levels(512).rates().writeTo(dir);
        Summary summary = SummaryFiles.read(run);
        SummaryFiles.write(run, summary.withPoints(summary.points().stream()
                .map(p -> p.variant().equals("blocking") ? noneOk(p, 5_000, Map.of("status 503", 5_000L)) : p)
                .toList()));

        String headline = RunReport.render(run).headline();

        assertThat(headline).startsWith("At 512 concurrent users async served ")
                .contains(" while blocking had no successful responses: 5,000 HTTP 503 answers, at ")
                .doesNotContain("blocking 0 ms").doesNotContain("pool bound");
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

package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.run.LabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDiffTest {

    @TempDir
    static Path shared;

    static Path before;
    static Path after;

    @BeforeAll
    static void twoRuns() {
        before = RunFixture.run("before").variants("blocking", "async").levels(64, 512).rates(800.0)
                .writeTo(shared);
        // async gets a higher CPU ceiling and cheaper requests; blocking is the same service
        after = RunFixture.run("after").variants("blocking", "async").levels(64, 512).rates(800.0).asyncSpeed(1.3)
                .asyncCpu(60).seed(7).writeTo(shared);
    }

    @Test
    void deltas_judge_direction_relative_change_and_noise() {
        Deltas.Delta more = Deltas.delta(Deltas.Metric.THROUGHPUT, 1000.0, 1100.0);
        assertThat(more.verdict()).isEqualTo(Deltas.Verdict.BETTER);
        assertThat(more.relative()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(more.changeText()).isEqualTo("+10%");
        assertThat(Deltas.delta(Deltas.Metric.P99, 200.0, 260.0).verdict()).isEqualTo(Deltas.Verdict.WORSE);
        assertThat(Deltas.delta(Deltas.Metric.P50, 200.0, 180.0).verdict()).isEqualTo(Deltas.Verdict.BETTER);
        assertThat(Deltas.delta(Deltas.Metric.CPU, 100.0, 102.9).verdict()).isEqualTo(Deltas.Verdict.NEUTRAL);
        assertThat(Deltas.delta(Deltas.Metric.THROUGHPUT, 1000.0, 970.5).verdict()).isEqualTo(Deltas.Verdict.NEUTRAL);
        assertThat(Deltas.delta(Deltas.Metric.THROUGHPUT, 1000.0, 960.0).verdict()).isEqualTo(Deltas.Verdict.WORSE);
        Deltas.Delta newErrors = Deltas.delta(Deltas.Metric.ERRORS, 0.0, 2.5);
        assertThat(newErrors.verdict()).isEqualTo(Deltas.Verdict.WORSE);
        assertThat(newErrors.changeText()).isEqualTo("+2.50 pp");
        assertThat(Deltas.delta(Deltas.Metric.ERRORS, 0.0, 0.0).verdict()).isEqualTo(Deltas.Verdict.NEUTRAL);
        assertThat(Deltas.delta(Deltas.Metric.CPU, null, 50.0).verdict()).isEqualTo(Deltas.Verdict.NONE);
    }

    @Test
    void writes_html_markdown_and_charts_with_the_deltas_of_the_data() throws IOException {
        Path out = shared.resolve("diff-out");
        RunDiff.Rendered r = RunDiff.render(List.of(before, after), out, false);
        assertThat(r.html()).isRegularFile();
        assertThat(r.markdown()).isRegularFile();
        assertThat(out.resolve("charts/throughput.png")).isRegularFile();
        assertThat(out.resolve("charts/throughput.svg")).isRegularFile();
        assertThat(out.resolve("charts/latency-p99.png")).isRegularFile();

        LevelStats a = LoadedRun.load(before).stat(Summary.Point.CLOSED, "async", 512).orElseThrow();
        LevelStats b = LoadedRun.load(after).stat(Summary.Point.CLOSED, "async", 512).orElseThrow();
        double relative = (b.throughputRps() - a.throughputRps()) / a.throughputRps();
        assertThat(relative).isGreaterThan(0.03);

        String html = Files.readString(r.html());
        assertThat(cell(html, "throughput", "async", "512")).contains("class=\"better\"").contains(Fmt.change(relative));
        assertThat(cell(html, "cpu", "async", "512")).contains("class=\"better\"").contains("−29%");
        assertThat(cell(html, "cpu", "blocking", "512")).contains("class=\"neutral\"");
        assertThat(cell(html, "errors", "blocking", "800/s")).contains("class=\"neutral\"");
        assertThat(RunReportTest.attributes(html, "src")).allMatch(s -> s.startsWith("data:image/png;base64,"));
        assertThat(RunReportTest.attributes(html, "href")).noneMatch(h -> h.matches("(?i)^(https?:)?//.*"));
        assertThat(Files.readString(r.markdown())).contains("### B vs A").contains("🟢")
                .contains("| async | closed | 512 |");
    }

    @Test
    void refuses_runs_of_another_endpoint_or_latency_unless_forced() throws IOException {
        Path weather = RunFixture.run("weather").endpoint("weather").variants("blocking", "async").levels(64, 512)
                .rates().writeTo(shared);
        Path slower = RunFixture.run("slower").upstreamMs(50).variants("blocking", "async").levels(64, 512).rates()
                .writeTo(shared);
        assertThatThrownBy(() -> RunDiff.render(List.of(before, weather), shared.resolve("x"), false))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("endpoint differs (/sun vs /weather)").hasMessageContaining("--force")
                .satisfies(e -> assertThat(((LabException) e).exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> RunDiff.render(List.of(before, slower), shared.resolve("y"), false))
                .isInstanceOf(LabException.class).hasMessageContaining("upstream latency differs");
        assertThat(shared.resolve("x")).doesNotExist();

        RunDiff.Rendered forced = RunDiff.render(List.of(before, weather), shared.resolve("forced"), true);
        assertThat(Files.readString(forced.html())).contains("FORCED COMPARISON");
        assertThat(forced.notes()).anyMatch(n -> n.contains("endpoint differs"));
    }

    @Test
    void command_line_report_and_diff_print_paths_and_exit_2_on_refusal() {
        Path weather = RunFixture.run("weather2").endpoint("weather").variants("async").levels(64).rates()
                .writeTo(shared);
        Captured ok = capture("report", before.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("report: " + before.resolve("report.html"));

        Captured diff = capture("diff", before.toString(), after.toString(), "--out",
                shared.resolve("cli-diff").toString());
        assertThat(diff.exit()).isZero();
        assertThat(diff.out()).contains("diff: " + shared.resolve("cli-diff").resolve("diff.html"));

        Captured refused = capture("diff", before.toString(), weather.toString(), "--out",
                shared.resolve("cli-refused").toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().strip()).startsWith("lab: will not compare").contains("--force")
                .doesNotContain("\n");
    }

    @Test
    void help_texts_render_without_picocli_warnings() {
        Captured diff = capture("diff", "--help");
        Captured report = capture("report", "--help");
        assertThat(diff.exit()).isZero();
        assertThat(diff.out()).contains("±3%").contains("--force");
        assertThat(report.out()).contains("results/latest");
        assertThat(diff.err() + report.err()).doesNotContain("WARN");
    }

    record Captured(int exit, String out, String err) {
    }

    private static Captured capture(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Lab.run(args);
            return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The change cell of one metric, variant and level in the diff table. */
    private static String cell(String html, String metric, String variant, String level) {
        Matcher m = Pattern.compile("<td class=\"[a-z]+\" data-metric=\"" + metric + "\" data-variant=\"" + variant
                + "\" data-level=\"" + Pattern.quote(level) + "\">[^<]*</td>").matcher(html);
        assertThat(m.find()).as("cell %s %s %s", metric, variant, level).isTrue();
        return m.group();
    }
}

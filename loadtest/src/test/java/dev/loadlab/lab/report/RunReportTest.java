package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @TempDir
    static Path shared;

    static Path run;
    static RunReport.Rendered rendered;

    @BeforeAll
    static void renderFullRun() {
        run = RunFixture.run("compare").writeTo(shared);
        rendered = RunReport.render(run);
    }

    @Test
    void writes_html_markdown_and_every_chart_as_png_and_svg() throws IOException {
        assertThat(rendered.html()).isEqualTo(run.resolve("report.html").toRealPath()).isRegularFile();
        assertThat(rendered.markdown()).isRegularFile();
        for (String chart : List.of("throughput", "latency", "open-throughput", "open-latency", "open-errors", "cpu",
                "distribution")) {
            Path png = run.resolve("charts").resolve(chart + ".png");
            Path svg = run.resolve("charts").resolve(chart + ".svg");
            assertThat(png).isRegularFile();
            assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(svg)).contains("<svg");
        }
        try (var files = Files.list(run.resolve("charts"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void html_loads_nothing_from_outside_and_links_only_to_relative_files() throws IOException {
        String html = Files.readString(rendered.html());
        assertThat(html).doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)<script[^>]+src=")
                .doesNotContainPattern("(?i)@import").doesNotContainPattern("(?i)url\\(");
        List<String> srcs = attributes(html, "src");
        assertThat(srcs).isNotEmpty().allMatch(src -> src.startsWith("data:image/png;base64,"));
        List<String> hrefs = attributes(html, "href");
        assertThat(hrefs).isNotEmpty().noneMatch(href -> href.matches("(?i)^(https?:)?//.*"))
                .allMatch(href -> href.startsWith("charts/") || href.matches("points/[^/]+/gatling/index\\.html"));
        assertThat(hrefs).contains("points/async-c512-1/gatling/index.html");
        assertThat(html).contains("default-src 'none'");
    }

    @Test
    void headline_is_computed_from_the_data() {
        Summary summary = SummaryFiles.read(run);
        Summary.Point async = point(summary, "async-c512-1");
        Summary.Point blocking = point(summary, "blocking-c512-1");
        double ratio = async.throughputRps() / blocking.throughputRps();
        String expectedRatio = String.format(Locale.ROOT, "%.1f×", ratio);
        String expectedEfficiency = String.format(Locale.ROOT, "%.0f%%", async.throughputRps() / async.bound().littleRps() * 100);

        assertThat(rendered.headline())
                .startsWith("At 512 concurrent users async served " + expectedRatio + " the throughput of blocking")
                .contains("at " + expectedEfficiency + " of the Little's-law bound")
                .contains("blocking saturated at its pool bound of 320 req/s")
                .contains("virtual");
        Headline headline = Headline.of(LoadedRun.load(run));
        assertThat(headline.ratio()).isCloseTo(ratio, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(headline.level()).isEqualTo(512.0);
    }

    @Test
    void markdown_has_headline_table_and_chart_images() throws IOException {
        String md = Files.readString(rendered.markdown());
        assertThat(md).contains("**" + rendered.headline() + "**")
                .contains("| variant | model | level | req/s |")
                .contains("| async | closed | 512 |")
                .contains("![Throughput vs concurrency](charts/throughput.png)")
                .doesNotContain("INCOMPLETE");
    }

    @Test
    void a_scenario_run_shows_the_critical_path_each_bound_was_computed_from() throws IOException {
        Path dir = RunFixture.run("quote").variants("blocking", "async").levels(16, 64).rates().upstreamMs(60)
                .scenario("examples/quote/scenario.yaml", Map.of("blocking", "pricing + inventory + shipping",
                        "async", "max(pricing, inventory) + shipping")).writeTo(shared);
        RunReport.Rendered r = RunReport.render(dir);

        assertThat(Files.readString(r.markdown()))
                .contains("scenario examples/quote/scenario.yaml")
                .contains("- blocking: bound = users / 120 ms, critical path pricing + inventory + shipping\n")
                .contains("- async: bound = users / 120 ms, critical path max(pricing, inventory) + shipping\n");
        assertThat(Files.readString(r.html())).contains("max(pricing, inventory) + shipping; the bound is users / 120 ms");
    }

    @Test
    void incomplete_run_says_so_prominently() throws IOException {
        Path dir = RunFixture.run("broken").levels(16, 64).rates().variants("blocking", "async")
                .incomplete("the service exited during the run").writeTo(shared);
        RunReport.Rendered r = RunReport.render(dir);
        assertThat(Files.readString(r.html())).contains("INCOMPLETE: the service exited during the run");
        assertThat(Files.readString(r.markdown())).contains("**INCOMPLETE: the service exited during the run");
    }

    @Test
    void run_without_points_renders_a_page_that_says_so() throws IOException {
        Path dir = RunFixture.run("empty").variants("async").levels().rates().incomplete("running").writeTo(shared);
        RunReport.Rendered r = RunReport.render(dir);
        assertThat(r.headline()).contains("No load point was measured");
        assertThat(Files.readString(r.html())).contains("INCOMPLETE: running").contains("No chart");
    }

    @Test
    void target_run_without_blocking_pool_or_cpu_describes_each_variant() throws IOException {
        Path dir = RunFixture.run("targets").variants("mine", "ours").targets().levels(16, 256).rates()
                .writeTo(shared);
        RunReport.Rendered r = RunReport.render(dir);
        assertThat(r.headline()).startsWith("At 256 concurrent users: mine served").contains("; ours served")
                .contains("of the Little's-law bound");
        assertThat(dir.resolve("charts/cpu.png")).doesNotExist();
        assertThat(Files.readString(r.html())).contains("CPU was not measured");
    }

    @Test
    void single_variant_single_level_and_open_only_runs_render() {
        Path one = RunFixture.run("one").variants("async").levels(64).rates().writeTo(shared);
        assertThat(RunReport.render(one).headline()).startsWith("At 64 concurrent users: async served");
        Path open = RunFixture.run("open").variants("blocking", "async").levels().rates(100.0, 900.0)
                .writeTo(shared);
        assertThat(RunReport.render(open).headline()).startsWith("At an offered rate of 900 req/s:")
                .contains("blocking served").contains("errors");
        assertThat(open.resolve("charts/open-errors.png")).isRegularFile();
        assertThat(open.resolve("charts/throughput.png")).doesNotExist();
    }

    @Test
    void one_open_rate_is_described_in_words_instead_of_charted() throws IOException {
        Path dir = RunFixture.run("onerate").variants("blocking", "async").levels(16, 256).rates(150.0)
                .writeTo(shared);
        RunReport.Rendered r = RunReport.render(dir);
        assertThat(dir.resolve("charts/open-latency.png")).doesNotExist();
        assertThat(dir.resolve("charts/open-errors.png")).doesNotExist();
        assertThat(Files.readString(r.html())).contains("Open model, one offered rate (150 req/s): blocking");
        assertThat(Files.readString(r.markdown())).contains("Open model, one offered rate (150 req/s)");
    }

    @Test
    void repeats_are_summarised_by_their_median() {
        Path dir = RunFixture.run("repeats").variants("blocking", "async").levels(16, 256).rates().repeats(3)
                .writeTo(shared);
        LoadedRun loaded = LoadedRun.load(dir);
        List<Double> throughputs = new ArrayList<>(loaded.points().stream()
                .filter(p -> p.variant().equals("async") && p.concurrency() == 256)
                .map(Summary.Point::throughputRps).sorted().toList());
        assertThat(throughputs).hasSize(3);
        LevelStats stats = loaded.stat(Summary.Point.CLOSED, "async", 256).orElseThrow();
        assertThat(stats.throughputRps()).isEqualTo(throughputs.get(1));
        assertThat(stats.repeats()).isEqualTo(3);
        assertThat(RunReport.render(dir).headline()).contains("(medians of 3 repeats)");
    }

    @Test
    void a_missing_histogram_leaves_its_point_out_of_the_distribution_only() throws IOException {
        Path dir = RunFixture.run("nohist").variants("blocking", "async").levels(16, 256).rates().writeTo(shared);
        Files.delete(dir.resolve("histograms/async-c256-1.hlog"));
        RunReport.Rendered r = RunReport.render(dir);
        assertThat(dir.resolve("charts/distribution.png")).isRegularFile();
        assertThat(r.headline()).contains("async served");
    }

    @Test
    void a_folder_without_summary_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> RunReport.render(shared.resolve("nope")))
                .isInstanceOf(LabException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> RunReport.render(Files.createDirectories(shared.resolve("empty-dir"))))
                .isInstanceOf(LabException.class).hasMessageContaining("holds no summary.json");
    }

    @Test
    void axis_labels_read_as_percentiles_and_round_numbers() {
        assertThat(Charts.percentileLabel(1)).isEqualTo("0%");
        assertThat(Charts.percentileLabel(10)).isEqualTo("90%");
        assertThat(Charts.percentileLabel(100)).isEqualTo("99%");
        assertThat(Charts.percentileLabel(10_000)).isEqualTo("99.99%");
        assertThat(Charts.logLabel(2000, true)).isEqualTo("2,000");
        assertThat(Charts.logLabel(300, true)).isEmpty();
        assertThat(Charts.logLabel(300, false)).isEqualTo("300");
    }

    static Summary.Point point(Summary summary, String id) {
        return summary.points().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    static List<String> attributes(String html, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(html);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}

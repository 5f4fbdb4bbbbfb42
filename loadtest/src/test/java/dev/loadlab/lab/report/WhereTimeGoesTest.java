package dev.loadlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's "Where the time goes" section and the diff's layer changes, from summary.json's profiles. */
class WhereTimeGoesTest {

    @TempDir
    Path dir;

    @Test
    void shows_cpu_by_layer_pinning_in_red_a_sentence_and_each_flame_graph() throws Exception {
        Path run = RunFixture.run("evidence").variants("blocking", "virtual").levels(16, 256).rates().writeTo(dir);
        addProfiles(run, p -> recorded(p, "virtual".equals(p.variant()) ? 0.45 : 0.20,
                "virtual".equals(p.variant()) && p.level() == 16 ? 3L : 0L,
                "blocking".equals(p.variant()) ? 0.92 : null));
        Files.createDirectories(run.resolve("points/virtual-c256-1/profile"));
        Files.writeString(run.resolve("points/virtual-c256-1/profile/flame.html"), "<html></html>");

        RunReport.Rendered rendered = RunReport.render(run);

        String html = Files.readString(rendered.html());
        assertThat(html).contains("Where the time goes").contains("id=\"chart-cpu-by-layer\"");
        assertThat(html).contains("blocking: 92% of its pool threads&#39;")
                .contains("virtual: 45% of its CPU is in the HTTP client (256 users)");
        assertThat(html).as("pinning anywhere in the variant, in red")
                .contains("3 pinned virtual-thread events, most at com.example.Cache.load:42")
                .contains("<strong class=\"pinned\" style=\"color:#b3261e\">3</strong>");
        assertThat(html).contains("<a href=\"points/virtual-c256-1/profile/flame.html\">flame.html</a>")
                .as("a flame graph the folder lacks is not linked").contains("flame graph not kept");
        assertThat(rendered.charts()).contains(run.resolve("charts/cpu-by-layer.png"));
        String md = Files.readString(rendered.markdown());
        assertThat(md).contains("### Where the time goes").contains("![Where the CPU goes](charts/cpu-by-layer.png)")
                .contains("| virtual | 256 | 11% | 11% | 45% |").contains("🔴 **3**")
                .contains("[256](points/virtual-c256-1/profile/flame.html)");
    }

    @Test
    void says_why_a_variant_has_no_evidence_and_draws_no_chart() throws Exception {
        Path run = RunFixture.run("noevidence").variants("async").levels(16).rates().writeTo(dir);
        addProfiles(run, p -> Summary.Profile.none("async (pid 12) is not a JVM (/usr/bin/node)"));

        RunReport.Rendered rendered = RunReport.render(run);

        String html = Files.readString(rendered.html());
        assertThat(html).contains("Where the time goes").doesNotContain("chart-cpu-by-layer")
                .contains("no evidence: async (pid 12) is not a JVM (/usr/bin/node)");
        assertThat(Files.readString(rendered.markdown())).contains("no evidence: async (pid 12) is not a JVM");
    }

    @Test
    void a_run_from_before_evidence_has_no_such_section() throws Exception {
        Path run = RunFixture.run("old").variants("async").levels(16).rates().writeTo(dir);

        RunReport.Rendered rendered = RunReport.render(run);

        assertThat(Files.readString(rendered.html())).doesNotContain("Where the time goes");
        assertThat(Files.readString(rendered.markdown())).doesNotContain("Where the time goes");
    }

    @Test
    void diff_shows_the_layer_change_at_the_highest_common_level() throws Exception {
        Path a = RunFixture.run("a").variants("async").levels(16, 256).rates().writeTo(dir);
        Path b = RunFixture.run("b").variants("async").levels(16, 64).rates().seed(7).writeTo(dir);
        addProfiles(a, p -> recorded(p, 0.30, 0L, null));
        addProfiles(b, p -> recorded(p, 0.40, 0L, null));

        RunDiff.Rendered diff = RunDiff.render(List.of(a, b), dir.resolve("diff"), false);

        String md = Files.readString(diff.markdown());
        assertThat(md).contains("### Where the time goes: B vs A")
                .as("16 users is the only level both have").contains("| async | 16 |")
                .contains("30% → 40% (+10 pp)");
        assertThat(Files.readString(diff.html())).contains("data-layer=\"httpClient\"");
    }

    @Test
    void the_sentence_names_the_biggest_named_layer() {
        Map<dev.loadlab.lab.profile.Layers.Layer, Double> shares = new LinkedHashMap<>();
        for (dev.loadlab.lab.profile.Layers.Layer layer : dev.loadlab.lab.profile.Layers.Layer.values()) {
            shares.put(layer, 0.0);
        }
        shares.put(dev.loadlab.lab.profile.Layers.Layer.OTHER, 0.6);
        shares.put(dev.loadlab.lab.profile.Layers.Layer.JSON, 0.4);
        WhereTimeGoes.VariantRow row = new WhereTimeGoes.VariantRow("async", "open", 800, shares, 0, null, null, null);

        assertThat(WhereTimeGoes.sentence(row))
                .isEqualTo("async: 40% of its CPU is in JSON (800 req/s offered); 60% is in no named layer.");
    }

    /** A profile whose HTTP client share is {@code client}; the rest spread over the other layers. */
    private static Summary.Profile recorded(Summary.Point p, double client, long pinned, Double poolShare) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double rest = (1 - client) / 5;
        shares.put("kernel", rest);
        shares.put("httpServer", rest);
        shares.put("httpClient", client);
        shares.put("json", rest);
        shares.put("gc", 0.0);
        shares.put("app", rest);
        shares.put("other", rest);
        String dir = "points/" + p.id() + "/profile";
        return new Summary.Profile(dir, dir + "/flame.html", dir + "/jfr-summary.json", 120L, shares, pinned,
                pinned > 0 ? List.of("com.example.Cache.load:42", "java.lang.Thread.run") : null, poolShare, null);
    }

    private static void addProfiles(Path run, Function<Summary.Point, Summary.Profile> profile) {
        Summary summary = SummaryFiles.read(run);
        SummaryFiles.write(run, summary.withPoints(summary.points().stream()
                .map(p -> p.withProfile(profile.apply(p))).toList()));
    }
}

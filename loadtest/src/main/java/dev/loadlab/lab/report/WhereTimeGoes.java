package dev.loadlab.lab.report;

import dev.loadlab.lab.profile.Layers.Layer;
import dev.loadlab.lab.results.Summary;
import java.awt.Color;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;

/**
 * "Where the time goes": the JFR evidence of a run's points (summary.json's {@code profile} of each point). Per
 * variant, at its highest level (the most users; the highest rate for a run without closed points), the CPU by
 * layer as a stacked bar, the pinning count over all its points, and one sentence computed from the data; per
 * point, a link to its flame graph or why it has none.
 */
final class WhereTimeGoes {

    static final String CHART = "cpu-by-layer";

    /** Layer colours: a sequence of their own (not the variants'), kernel dark to other light grey. */
    private static final Map<Layer, Color> COLOURS = Map.of(
            Layer.KERNEL, new Color(0x44, 0x44, 0x44), Layer.HTTP_SERVER, new Color(0x00, 0x72, 0xB2),
            Layer.HTTP_CLIENT, new Color(0xE6, 0x9F, 0x00), Layer.JSON, new Color(0xCC, 0x79, 0xA7),
            Layer.GC, new Color(0xD5, 0x5E, 0x00), Layer.APP, new Color(0x00, 0x9E, 0x73),
            Layer.OTHER, new Color(0xC8, 0xC8, 0xC8));

    /**
     * One variant at its highest level: shares averaged over that level's repeats; {@code pinned} summed over
     * every point of the variant; {@code reason} why there is no evidence (then no shares).
     */
    record VariantRow(String variant, String model, double level, Map<Layer, Double> shares, long pinned,
                      List<String> topPinnedStack, Double poolSocketReadShare, String reason) {

        boolean recorded() {
            return shares != null;
        }
    }

    private WhereTimeGoes() {
    }

    /** Whether any point of the run says anything about evidence (runs from before it, or --no-evidence, do not). */
    static boolean present(LoadedRun run) {
        return run.points().stream().anyMatch(p -> p.profile() != null);
    }

    static List<VariantRow> rows(LoadedRun run) {
        List<VariantRow> rows = new ArrayList<>();
        for (String variant : run.variants()) {
            List<Summary.Point> points = run.points().stream()
                    .filter(p -> variant.equals(p.variant()) && p.complete() && p.profile() != null).toList();
            if (points.isEmpty()) {
                continue;
            }
            long pinned = points.stream().map(Summary.Point::profile).filter(Summary.Profile::recorded)
                    .mapToLong(p -> p.pinnedEvents() == null ? 0 : p.pinnedEvents()).sum();
            List<String> topPinned = points.stream().map(Summary.Point::profile)
                    .filter(p -> p.recorded() && p.pinnedEvents() != null && p.pinnedEvents() > 0)
                    .max(Comparator.comparingLong(Summary.Profile::pinnedEvents))
                    .map(Summary.Profile::topPinnedStack).orElse(null);
            String model = points.stream().anyMatch(p -> Summary.Point.CLOSED.equals(p.model()))
                    ? Summary.Point.CLOSED : Summary.Point.OPEN;
            List<Summary.Point> ofModel = points.stream().filter(p -> model.equals(p.model())).toList();
            double level = ofModel.stream().mapToDouble(Summary.Point::level).max().orElseThrow();
            List<Summary.Profile> top = ofModel.stream().filter(p -> p.level() == level)
                    .map(Summary.Point::profile).toList();
            List<Summary.Profile> recorded = top.stream().filter(Summary.Profile::recorded).toList();
            if (recorded.isEmpty()) {
                rows.add(new VariantRow(variant, model, level, null, pinned, topPinned, null,
                        top.getFirst().reason()));
                continue;
            }
            Map<Layer, Double> shares = averageShares(recorded);
            List<Double> pool = recorded.stream().map(Summary.Profile::poolSocketReadShare).filter(s -> s != null)
                    .toList();
            rows.add(new VariantRow(variant, model, level, shares, pinned, topPinned,
                    pool.isEmpty() ? null : pool.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    null));
        }
        return rows;
    }

    /** Each layer's share averaged over the profiles (the repeats of one level). */
    private static Map<Layer, Double> averageShares(List<Summary.Profile> recorded) {
        Map<Layer, Double> shares = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            shares.put(layer, recorded.stream().mapToDouble(p -> p.cpuByLayer().getOrDefault(layer.key, 0.0))
                    .average().orElse(0));
        }
        return shares;
    }

    /** The recorded profiles of a variant's complete points at one level, keyed by (model, level). */
    private static Map<String, List<Summary.Profile>> recordedByLevel(LoadedRun run, String variant) {
        Map<String, List<Summary.Profile>> byLevel = new LinkedHashMap<>();
        run.points().stream().filter(p -> variant.equals(p.variant()) && p.complete() && p.profile() != null
                        && p.profile().recorded())
                .forEach(p -> byLevel.computeIfAbsent(p.model() + "@" + p.level(), k -> new ArrayList<>())
                        .add(p.profile()));
        return byLevel;
    }

    /** How a variant's CPU by layer changed from run A to run B at the highest level both recorded. */
    record LayerChange(String variant, String model, double level, Map<Layer, Double> a, Map<Layer, Double> b) {
    }

    /** Per variant of both runs, at their highest common level (closed before open), where both have evidence. */
    static List<LayerChange> changes(LoadedRun a, LoadedRun b) {
        List<LayerChange> changes = new ArrayList<>();
        for (String variant : a.variants()) {
            Map<String, List<Summary.Profile>> inA = recordedByLevel(a, variant);
            Map<String, List<Summary.Profile>> inB = recordedByLevel(b, variant);
            inA.keySet().stream().filter(inB::containsKey)
                    .max(Comparator.<String, Boolean>comparing(k -> k.startsWith(Summary.Point.CLOSED))
                            .thenComparingDouble(k -> Double.parseDouble(k.substring(k.indexOf('@') + 1))))
                    .ifPresent(k -> changes.add(new LayerChange(variant, k.substring(0, k.indexOf('@')),
                            Double.parseDouble(k.substring(k.indexOf('@') + 1)), averageShares(inA.get(k)),
                            averageShares(inB.get(k)))));
        }
        return changes;
    }

    /** The diff's table: each layer's share in A, in B, and the change in percentage points. */
    static String changesHtml(List<LayerChange> changes, String tag) {
        if (changes.isEmpty()) {
            return "";
        }
        List<String> headers = new ArrayList<>(List.of("l:variant", "level"));
        for (Layer layer : Layer.values()) {
            headers.add(Html.esc(layer.title) + "<br><span class=\"neutral\">A → " + tag + "</span>");
        }
        List<List<String>> rows = new ArrayList<>();
        for (LayerChange c : changes) {
            List<String> row = new ArrayList<>(List.of(Html.esc(c.variant()), Fmt.levelShort(c.model(), c.level())));
            for (Layer layer : Layer.values()) {
                row.add("<td data-layer=\"" + layer.key + "\" data-variant=\"" + Html.esc(c.variant()) + "\">"
                        + changeText(c, layer) + "</td>");
            }
            rows.add(row);
        }
        return "<h3>Where the time goes: " + tag + " vs A</h3>\n<p class=\"note\">Share of the JVM's CPU per layer"
                + " (JFR), at each variant's highest level both runs recorded; the change in percentage points.</p>\n"
                + Html.table(headers, rows);
    }

    static String changesMarkdown(List<LayerChange> changes, String tag) {
        if (changes.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("### Where the time goes: ").append(tag).append(" vs A\n\n| variant | level |");
        for (Layer layer : Layer.values()) {
            b.append(' ').append(layer.title).append(" (A → ").append(tag).append(") |");
        }
        b.append("\n| --- | ---: |").append(" ---: |".repeat(Layer.values().length)).append('\n');
        for (LayerChange c : changes) {
            b.append("| ").append(Markdown.cell(c.variant())).append(" | ").append(Fmt.levelShort(c.model(), c.level()))
                    .append(" |");
            for (Layer layer : Layer.values()) {
                b.append(' ').append(changeText(c, layer)).append(" |");
            }
            b.append('\n');
        }
        return b.append('\n').toString();
    }

    /** "23% → 31% (+8 pp)". */
    static String changeText(LayerChange c, Layer layer) {
        double a = c.a().get(layer);
        double b = c.b().get(layer);
        long pp = Math.round((b - a) * 100);
        return percent(a) + " → " + percent(b) + (pp == 0 ? " (±0 pp)" : String.format(Locale.ROOT, " (%+d pp)", pp));
    }

    /**
     * One sentence from the data: where a blocking pool's threads wait, or the layer with most of the CPU (other
     * than "other"), and the pinning when there was any.
     */
    static String sentence(VariantRow row) {
        if (!row.recorded()) {
            return row.variant() + ": " + row.reason();
        }
        String at = " (" + Fmt.level(row.model(), row.level()) + ")";
        String first;
        if (row.poolSocketReadShare() != null) {
            first = row.variant() + ": " + percent(row.poolSocketReadShare()) + " of its pool threads' time is spent"
                    + " waiting on upstream sockets" + at + ".";
        } else {
            Map.Entry<Layer, Double> top = row.shares().entrySet().stream().filter(e -> e.getKey() != Layer.OTHER)
                    .max(Map.Entry.comparingByValue()).orElseThrow();
            first = row.variant() + ": " + percent(top.getValue()) + " of its CPU is in " + where(top.getKey()) + at
                    + "; " + percent(row.shares().get(Layer.OTHER)) + " is in no named layer.";
        }
        if (row.pinned() > 0) {
            first += " " + row.pinned() + " pinned virtual-thread event" + (row.pinned() == 1 ? "" : "s")
                    + (row.topPinnedStack() == null || row.topPinnedStack().isEmpty() ? ""
                    : ", most at " + row.topPinnedStack().getFirst()) + ".";
        }
        return first;
    }

    private static String where(Layer layer) {
        return switch (layer) {
            case KERNEL -> "the JDK's socket and epoll code (kernel/syscalls)";
            case HTTP_SERVER -> "the HTTP server";
            case HTTP_CLIENT -> "the HTTP client";
            case JSON -> "JSON";
            case GC -> "garbage collection";
            case APP -> "its own code";
            case OTHER -> "no named layer";
        };
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** The stacked bar chart of CPU by layer per variant; empty when no variant has evidence. */
    static Optional<ChartSpec> chart(List<VariantRow> rows) {
        List<VariantRow> recorded = rows.stream().filter(VariantRow::recorded).toList();
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Where the CPU goes, at each variant's highest level").xAxisTitle("variant")
                .yAxisTitle("share of the JVM's CPU, %").build();
        CategoryStyler s = chart.getStyler();
        Charts.houseStyle(s);
        s.setChartPadding(12);
        s.setStacked(true);
        s.setYAxisMin(0.0);
        s.setYAxisMax(100.0);
        s.setYAxisDecimalPattern("#,##0");
        List<String> variants = recorded.stream().map(r -> r.variant() + " @ " + Fmt.levelShort(r.model(), r.level()))
                .toList();
        for (Layer layer : Layer.values()) {
            List<Double> values = recorded.stream().map(r -> r.shares().get(layer) * 100).toList();
            chart.addSeries(layer.title, variants, values).setFillColor(COLOURS.get(layer));
        }
        return Optional.of(new ChartSpec(CHART, "Where the CPU goes",
                "Share of each variant's JVM CPU over the measured window at its highest level, from JDK Flight"
                        + " Recorder: each CPU sample goes to the first layer found walking its stack from the top"
                        + " frame; GC is the collector's own CPU time (jdk.GCCPUTime). The flame graphs below show"
                        + " every frame.", chart));
    }

    // ---- HTML -----------------------------------------------------------------------------------------

    /** The section, or "" when the run has no evidence at all. */
    static String html(LoadedRun run, List<VariantRow> rows, Optional<ChartSpec> chart, byte[] png) {
        if (!present(run)) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2 id=\"where-the-time-goes\">Where the time goes</h2>\n");
        if (chart.isPresent()) {
            b.append(RunReport.figures(List.of(chart.get()), List.of(png)));
        } else {
            b.append("<p class=\"note\">No variant has evidence from inside its JVM; each point says why.</p>\n");
        }
        b.append("<ul class=\"evidence\">\n");
        for (VariantRow row : rows) {
            b.append("<li data-variant=\"").append(Html.esc(row.variant())).append("\">")
                    .append(Html.esc(sentence(row))).append(" Pinned: ").append(pinnedCell(row.recorded(), row.pinned()))
                    .append("</li>\n");
        }
        b.append("</ul>\n");
        List<List<String>> cells = new ArrayList<>();
        for (Summary.Point p : run.sortedPoints()) {
            Summary.Profile profile = p.profile();
            if (profile == null) {
                continue;
            }
            if (!profile.recorded()) {
                cells.add(List.of(Html.esc(p.id()), Html.esc(p.variant()), Fmt.levelShort(p.model(), p.level()),
                        "–", "–", "–", "<td class=\"l wrap\">" + Html.esc(profile.reason()) + "</td>"));
                continue;
            }
            String flame = profile.flame() != null && Files.isRegularFile(run.dir().resolve(profile.flame()))
                    ? "<a href=\"" + Html.esc(profile.flame()) + "\">flame.html</a>"
                    : "<span class=\"neutral\">flame graph not kept</span>";
            cells.add(List.of(Html.esc(p.id()), Html.esc(p.variant()), Fmt.levelShort(p.model(), p.level()),
                    Fmt.num((double) profile.cpuSamples()), Html.esc(layerText(profile.cpuByLayer())),
                    pinnedCell(true, profile.pinnedEvents() == null ? 0 : profile.pinnedEvents()),
                    "<td class=\"l\">" + flame + " · <a href=\"" + Html.esc(profile.summary()) + "\">jfr-summary.json</a></td>"));
        }
        b.append(Html.table(List.of("l:point", "l:variant", "level", "CPU samples", "l:CPU by layer", "pinned",
                "l:evidence"), cells));
        return b.toString();
    }

    private static String pinnedCell(boolean recorded, long pinned) {
        if (!recorded) {
            return "–";
        }
        return pinned == 0 ? "0" : "<strong class=\"pinned\" style=\"color:#b3261e\">" + pinned + "</strong>";
    }

    /** "httpClient 41%, app 20%, ..." largest first, layers under 1% left out. */
    static String layerText(Map<String, Double> shares) {
        return shares.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + percent(e.getValue())).collect(Collectors.joining(", "));
    }

    // ---- Markdown -------------------------------------------------------------------------------------

    static String markdown(LoadedRun run, List<VariantRow> rows, Optional<ChartSpec> chart) {
        if (!present(run)) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n### Where the time goes\n\n");
        chart.ifPresent(c -> b.append("![").append(c.title()).append("](").append(RunReport.CHARTS).append('/')
                .append(c.name()).append(".png)\n\n"));
        b.append("| variant | level |");
        for (Layer layer : Layer.values()) {
            b.append(' ').append(layer.title).append(" |");
        }
        b.append(" pinned | flame graphs |\n| --- | ---: |").append(" ---: |".repeat(Layer.values().length))
                .append(" ---: | --- |\n");
        for (VariantRow row : rows) {
            b.append("| ").append(Markdown.cell(row.variant())).append(" | ")
                    .append(Fmt.levelShort(row.model(), row.level())).append(" |");
            for (Layer layer : Layer.values()) {
                b.append(' ').append(row.recorded() ? percent(row.shares().get(layer)) : "–").append(" |");
            }
            b.append(' ').append(!row.recorded() ? "–" : row.pinned() == 0 ? "0" : "🔴 **" + row.pinned() + "**")
                    .append(" | ").append(flameLinks(run, row.variant())).append(" |\n");
        }
        b.append('\n');
        rows.forEach(row -> b.append("- ").append(Markdown.cell(sentence(row))).append('\n'));
        return b.toString();
    }

    private static String flameLinks(LoadedRun run, String variant) {
        String links = run.sortedPoints().stream()
                .filter(p -> variant.equals(p.variant()) && p.profile() != null && p.profile().flame() != null)
                .map(p -> "[" + Fmt.levelShort(p.model(), p.level()) + (run.repeats() > 1 ? " #" + p.repeat() : "")
                        + "](" + p.profile().flame() + ")")
                .collect(Collectors.joining(" "));
        return links.isEmpty() ? "–" : links;
    }
}

package dev.loadlab.lab.report;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.results.ReliabilityResult.Check;
import dev.loadlab.lab.results.ReliabilityResult.Episode;
import dev.loadlab.lab.results.ReliabilityResult.ProcessSample;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of a reliability scenario ({@code ./lab resilience}, {@code overload}, {@code soak}) from its
 * {@code reliability.json} alone: {@code report.html} (self-contained, like every lab report), {@code report.md}
 * and {@code charts/*.png|svg}. Resilience and overload show each episode on a timeline (per second, by send time,
 * variants overlaid, stage edges as vertical lines); the soak shows each process statistic over time.
 */
public final class ReliabilityReport {

    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";

    /** What was written. */
    public record Rendered(Path html, Path markdown, List<Path> charts) {
    }

    private static final Color SERVICE = Palette.BLUE;
    private static final Color STUB = Palette.ORANGE;

    private ReliabilityReport() {
    }

    public static Rendered render(Path runDir) {
        ReliabilityResult result = ReliabilityResult.read(runDir);
        Palette palette = new Palette(result.episodes().stream().map(Episode::variant).toList());
        List<ChartSpec> specs = "soak".equals(result.kind()) ? soakCharts(result) : timelineCharts(result, palette);
        Path chartsDir = runDir.resolve(RunReport.CHARTS);
        List<byte[]> pngs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (ChartSpec spec : specs) {
            pngs.add(ChartFiles.write(spec, chartsDir));
            files.add(chartsDir.resolve(spec.name() + ".png"));
            files.add(chartsDir.resolve(spec.name() + ".svg"));
        }
        Path html = runDir.resolve(HTML);
        Path markdown = runDir.resolve(MARKDOWN);
        SummaryFiles.writeText(html, html(result, runDir, palette, specs, pngs));
        SummaryFiles.writeText(markdown, markdown(result));
        return new Rendered(html, markdown, files);
    }

    // ---- charts -----------------------------------------------------------------------------------------

    private static List<ChartSpec> timelineCharts(ReliabilityResult result, Palette palette) {
        boolean overload = "overload".equals(result.kind());
        List<ChartSpec> charts = new ArrayList<>();
        String edges = " Vertical lines: stage edges (" + stageNames(result) + "); requests are placed by the second"
                + " they were sent in, counted from each episode's first request, so the variants line up.";
        charts.add(timeline(result, palette, "timeline-ok", "OK responses per second", "OK responses / s",
                e -> e.timeline().ok().stream().map(Long::doubleValue).toList(),
                "Throughput of each variant through the episode." + edges));
        charts.add(timeline(result, palette, "timeline-errors",
                overload ? "Shed (503) per second" : "Failed requests per second",
                overload ? "503 responses / s" : "failed requests / s",
                e -> (overload ? e.timeline().shed() : e.timeline().errors()).stream().map(Long::doubleValue).toList(),
                (overload ? "Requests refused with 503 by the in-flight limit or the full blocking queue."
                        : "Every failed request (502 and 504 expected while faults are on; anything after a fault"
                        + " stage's edge plus the recovery limit is a failed check).") + edges));
        if (overload) {
            charts.add(timeline(result, palette, "timeline-health", "Health probe, slowest per second",
                    "GET health, ms", e -> e.series().getOrDefault("healthMaxMs", List.of()),
                    "The slowest of the ~10 health probes in each second (each on a new connection): it must stay fast while the"
                            + " service sheds load." + edges));
            charts.add(timeline(result, palette, "timeline-inflight", "Requests in the service",
                    "in flight (blocking: pool + queue)", e -> e.series().getOrDefault("inFlight", List.of()),
                    "The highest reading of the service's gauges in each second: in flight for the modes on"
                            + " virtual threads, busy pool threads plus queued requests for blocking. It must level off at the"
                            + " configured bound." + edges));
        }
        return charts;
    }

    private static ChartSpec timeline(ReliabilityResult result, Palette palette, String name, String title,
                                      String yTitle, Function<Episode, List<Double>> values, String caption) {
        XYChart chart = Charts.base(title, "seconds since the episode's first request", yTitle);
        double maxY = 1;
        for (Episode e : result.episodes()) {
            List<Double> ys = values.apply(e);
            List<Double> xs = new ArrayList<>();
            List<Double> kept = new ArrayList<>();
            double bucket = e.timeline().bucketMs() / 1000.0;
            boolean perSecond = !name.equals("timeline-health") && !name.equals("timeline-inflight");
            for (int i = 0; i < ys.size(); i++) {
                if (ys.get(i) != null) {
                    xs.add(i * bucket + bucket / 2);
                    kept.add(perSecond ? ys.get(i) / bucket : ys.get(i));
                    maxY = Math.max(maxY, kept.getLast());
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(e.label(), xs, kept);
            series.setLineColor(palette.of(e.variant()));
            series.setMarkerColor(palette.of(e.variant()));
            // a second adversary on the same variant (overload's retry storm) keeps its colour, dashed
            series.setLineStyle(Episode.RETRY_STORM.equals(e.adversary())
                    ? Palette.LONG_DASH : Palette.SOLID);
            series.setMarker(xs.size() > 40 ? SeriesMarkers.NONE : palette.marker(e.variant()));
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(maxY * 1.12);
        chart.getStyler().setMarkerSize(6);
        stageEdges(chart, result, maxY * 1.06);
        return new ChartSpec(name, title, caption, chart);
    }

    /** Vertical lines at the planned stage edges (the same for every variant), labelled where the system changes. */
    private static void stageEdges(XYChart chart, ReliabilityResult result, double labelY) {
        if (result.episodes().isEmpty()) {
            return;
        }
        chart.getStyler().setAnnotationLineColor(Palette.BOUND_GREY);
        chart.getStyler().setAnnotationLineStroke(Palette.BOUND);
        chart.getStyler().setAnnotationTextFontColor(new Color(0x44, 0x44, 0x44));
        chart.getStyler().setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        List<ReliabilityResult.Stage> stages = result.episodes().getFirst().stages();
        for (int i = 0; i < stages.size(); i++) {
            ReliabilityResult.Stage stage = stages.get(i);
            double x = stage.plannedOffsetMs() / 1000.0;
            double next = i + 1 < stages.size() ? stages.get(i + 1).plannedOffsetMs() / 1000.0
                    : x + (stage.endOffsetMs() - stage.startOffsetMs()) / 1000.0;
            if (x > 0) {
                chart.addAnnotation(new AnnotationLine(x, true, false));
            }
            if (!stage.name().startsWith("after-")) {
                chart.addAnnotation(new AnnotationText(stage.name(), (x + next) / 2, labelY, false));
            }
        }
    }

    private static String stageNames(ReliabilityResult result) {
        return result.episodes().isEmpty() ? "" : result.episodes().getFirst().stages().stream()
                .map(ReliabilityResult.Stage::name).filter(n -> !n.startsWith("after-")).collect(Collectors.joining(", "));
    }

    private static List<ChartSpec> soakCharts(ReliabilityResult result) {
        long zero = result.episodes().isEmpty() ? result.samples().stream().mapToLong(ProcessSample::epochMs).min()
                .orElse(0) : result.episodes().getFirst().startEpochMs();
        Double settle = result.config().get("settleMs") instanceof Number n ? n.doubleValue() / 60_000 : null;
        List<ChartSpec> charts = new ArrayList<>();
        charts.add(soakChart(result, zero, settle, "soak-rss", "Resident memory (RSS)", "RSS, MB",
                ProcessSample::rssMb, false));
        charts.add(soakChart(result, zero, settle, "soak-heap", "Heap after a full GC", "heap in use after GC, MB",
                s -> s.heapAfterGcMb() == null ? Double.NaN : s.heapAfterGcMb(), true));
        charts.add(soakChart(result, zero, settle, "soak-threads", "Threads", "OS threads", ProcessSample::threads,
                false));
        charts.add(soakChart(result, zero, settle, "soak-fds", "Open file descriptors", "open fds", ProcessSample::fds,
                false));
        charts.add(soakChart(result, zero, settle, "soak-connections", "Established TCP connections",
                "connections", ProcessSample::established, false));
        if (!result.episodes().isEmpty()) {
            Episode e = result.episodes().getFirst();
            XYChart chart = Charts.base("Throughput and errors", "minutes since the first request", "requests / s");
            double bucket = e.timeline().bucketMs() / 1000.0;
            addLine(chart, "OK / s", perBucket(e.timeline().ok(), bucket), bucket / 60, Palette.BLUISH_GREEN);
            addLine(chart, "failed / s", perBucket(e.timeline().errors(), bucket), bucket / 60, Palette.VERMILLION);
            chart.getStyler().setYAxisMin(0.0);
            settleLine(chart, settle);
            charts.add(new ChartSpec("soak-throughput", "Throughput and errors",
                    "OK responses and failed requests per second, averaged over " + Fmt.num(bucket) + " s buckets.",
                    chart));
        }
        return charts;
    }

    private static ChartSpec soakChart(ReliabilityResult result, long zero, Double settle, String name, String title,
                                       String yTitle, ToDoubleFunction<ProcessSample> metric, boolean heap) {
        XYChart chart = Charts.base(title, "minutes since the first request", yTitle);
        // the lab's service, or each variant started by command under its own name; the stub last
        List<String> processes = new ArrayList<>(result.samples().stream().map(ProcessSample::process)
                .filter(p -> !"stub".equals(p)).distinct().toList());
        Palette variantColours = new Palette(processes);
        processes.add("stub");
        for (String process : processes) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (ProcessSample s : result.samples()) {
                double v = metric.applyAsDouble(s);
                if (process.equals(s.process()) && !Double.isNaN(v) && s.epochMs() >= zero) {
                    xs.add((s.epochMs() - zero) / 60_000.0);
                    ys.add(v);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(process, xs, ys);
                Color colour = "service".equals(process) ? SERVICE : "stub".equals(process) ? STUB
                        : variantColours.of(process);
                series.setLineColor(colour);
                series.setMarkerColor(colour);
                series.setLineStyle(Palette.SOLID);
                series.setMarker(heap || xs.size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            }
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setMarkerSize(6);
        settleLine(chart, settle);
        return new ChartSpec(name, title, title + " of the " + (processes.size() > 2 ? "variants" : "service")
                + " and the stub, sampled every "
                + Fmt.num(number(result.config(), heap ? "heapEveryMs" : "sampleEveryMs") / 1000) + " s"
                + (heap ? " (each sample forces a full GC first)" : "") + ". The dashed line ends --settle: only the"
                + " samples after it are judged (median of the last third against the first third).", chart);
    }

    private static void settleLine(XYChart chart, Double settleMinutes) {
        if (settleMinutes != null && settleMinutes > 0) {
            chart.getStyler().setAnnotationLineColor(Palette.BOUND_GREY);
            chart.getStyler().setAnnotationLineStroke(Palette.BOUND);
            chart.addAnnotation(new AnnotationLine(settleMinutes, true, false));
        }
    }

    private static List<Double> perBucket(List<Long> counts, double bucketSeconds) {
        return counts.stream().map(c -> c / bucketSeconds).toList();
    }

    private static void addLine(XYChart chart, String name, List<Double> ys, double step, Color colour) {
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
            xs.add(i * step + step / 2);
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setLineStyle(Palette.SOLID);
        series.setMarker(SeriesMarkers.NONE);
    }

    // ---- HTML -------------------------------------------------------------------------------------------

    private static String html(ReliabilityResult result, Path runDir, Palette palette, List<ChartSpec> specs,
                               List<byte[]> pngs) {
        Summary.RunInfo run = result.run();
        StringBuilder b = new StringBuilder();
        b.append("<h1>loadlab ").append(Html.esc(result.kind())).append(": ").append(Html.esc(run.id())).append("</h1>\n");
        b.append("<div class=\"sub\">").append(Html.esc(subtitle(result))).append("</div>\n");
        if (!Summary.RunInfo.COMPLETE.equals(run.status())) {
            b.append("<div class=\"incomplete\" id=\"incomplete\">INCOMPLETE: ").append(Html.esc(run.reason()))
                    .append(". The checks below are those that got a verdict.</div>\n");
        }
        b.append("<div class=\"headline\" id=\"headline\">").append(Html.esc(headline(result))).append("</div>\n");
        b.append("<h2>Checks</h2>\n").append(checkTable(result.checks(), palette));
        b.append("<h2>Charts</h2>\n").append(RunReport.figures(specs, pngs));
        if (!"soak".equals(result.kind())) {
            b.append("<h2>Stages</h2>\n<p class=\"note\">Requests counted by the stage they were sent in (a request"
                    + " sent just before an edge can meet the next stage's faults). Injected: faults the stub counted"
                    + " while the stage's config was in force.</p>\n").append(stageTable(result, palette));
        }
        b.append("<h2>Figures</h2>\n").append(figureTable(result, palette));
        b.append("<h2>Configuration</h2>\n").append(Html.keyValues(result.config().entrySet().stream()
                .map(e -> new String[] {e.getKey(), Html.esc(String.valueOf(e.getValue()))}).toList()));
        b.append("<h2>Environment</h2>\n").append(Html.keyValues(environmentRows(run)));
        b.append("<footer>Written by <code>./lab ").append(Html.esc(result.kind())).append("</code> from ")
                .append(Html.esc(runDir.resolve(ReliabilityResult.FILE).toString()))
                .append(". Request logs and Gatling reports are under episodes/.</footer>\n");
        return Html.page("loadlab " + result.kind() + " · " + run.id(), b.toString());
    }

    private static String subtitle(ReliabilityResult result) {
        List<String> parts = new ArrayList<>();
        Summary.RunInfo r = result.run();
        if (r.command() != null) {
            parts.add(r.command());
        }
        parts.add("started " + r.startedAt());
        if (r.gitCommit() != null) {
            parts.add("commit " + r.gitCommit());
        }
        return String.join(" · ", parts);
    }

    static String headline(ReliabilityResult result) {
        if (result.passed() == null) {
            return "No verdict: the scenario did not finish.";
        }
        long failed = result.checks().stream().filter(c -> !c.passed()).count();
        if (failed == 0) {
            return "All " + result.checks().size() + " checks passed.";
        }
        return failed + " of " + result.checks().size() + " checks failed: " + result.checks().stream()
                .filter(c -> !c.passed()).map(c -> c.name() + (c.variant() == null ? "" : " (" + c.variant() + ")"))
                .collect(Collectors.joining(", ")) + ".";
    }

    private static String checkTable(List<Check> checks, Palette palette) {
        List<List<String>> rows = new ArrayList<>();
        for (Check c : checks) {
            rows.add(List.of(c.passed() ? "<td class=\"l better\">PASS</td>" : "<td class=\"l worse\">FAIL</td>",
                    Html.esc(c.name()), c.variant() == null ? "" : Html.swatch(palette.of(c.variant()))
                            + Html.esc(c.variant()),
                    "<td class=\"l wrap\">" + Html.esc(c.measured()) + "</td>",
                    "<td class=\"l wrap\">" + Html.esc(c.limit()) + "</td>"));
        }
        return Html.table(List.of("l:verdict", "l:check", "l:variant", "l:measured", "l:limit"), rows);
    }

    private static String stageTable(ReliabilityResult result, Palette palette) {
        List<List<String>> rows = new ArrayList<>();
        for (Episode e : result.episodes()) {
            for (ReliabilityResult.Stage s : e.stages()) {
                rows.add(List.of(Html.swatch(palette.of(e.variant())) + Html.esc(e.label()), Html.esc(s.name()),
                        Fmt.num(s.startOffsetMs() / 1000.0), Fmt.num(s.rateRps()), Fmt.num(s.sent()), Fmt.num(s.ok()),
                        "<td class=\"l wrap\">" + Html.esc(causes(s.koByCause())) + "</td>",
                        "<td class=\"l wrap\">" + Html.esc(causes(s.injectedFaults())) + "</td>",
                        Fmt.num(s.okLatencyMs().p50()), Fmt.num(s.okLatencyMs().p99()),
                        s.koLatencyMs().count() == 0 ? "–" : Fmt.num(s.koLatencyMs().p99()),
                        s.koLatencyMs().count() == 0 ? "–" : Fmt.num(s.koLatencyMs().max())));
            }
        }
        return Html.table(List.of("l:variant", "l:stage", "from s", "req/s", "sent", "OK", "l:failed by cause",
                "l:injected faults", "OK p50 ms", "OK p99 ms", "failed p99 ms", "failed max ms"), rows);
    }

    private static String figureTable(ReliabilityResult result, Palette palette) {
        Set<String> keys = new TreeSet<>();
        List<String> order = new ArrayList<>();
        for (Episode e : result.episodes()) {
            for (String key : e.figures().keySet()) {
                if (keys.add(key) && !(e.figures().get(key) instanceof List)) {
                    order.add(key);
                }
            }
        }
        List<String> headers = new ArrayList<>(List.of("l:figure"));
        result.episodes().forEach(e -> headers.add(Html.swatch(palette.of(e.variant())) + Html.esc(e.label())));
        List<List<String>> rows = new ArrayList<>();
        for (String key : order) {
            List<String> row = new ArrayList<>(List.of(Html.esc(key)));
            result.episodes().forEach(e -> row.add("<td class=\"wrap\">" + Html.esc(figure(e.figures().get(key)))
                    + "</td>"));
            rows.add(row);
        }
        return Html.table(headers, rows);
    }

    /** A figure as text: numbers trimmed, nested maps (latencies) as {@code key value} pairs. */
    static String figure(Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof Number n) {
            return Fmt.num(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + " " + figure(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    private static String causes(Map<String, Long> causes) {
        return causes == null || causes.isEmpty() ? "" : causes.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static List<String[]> environmentRows(Summary.RunInfo run) {
        List<String[]> rows = new ArrayList<>();
        Summary.Environment env = run.environment();
        if (env != null) {
            rows.add(new String[] {"JDK", Html.esc(env.jdk() + " (" + env.jdkVendor() + ")")});
            rows.add(new String[] {"OS", Html.esc(env.os())});
            rows.add(new String[] {"machine", env.cores() + " cores, " + Fmt.num(env.memoryMb() / 1024.0) + " GB"});
            rows.add(new String[] {"versions", Html.esc(String.valueOf(env.versions()))});
        }
        rows.add(new String[] {"status", Html.esc(run.status() + (run.reason() == null ? "" : ": " + run.reason()))});
        rows.add(new String[] {"ended", Html.esc(String.valueOf(run.endedAt()))});
        return rows;
    }

    private static double number(Map<String, Object> config, String key) {
        return config.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    // ---- markdown ---------------------------------------------------------------------------------------

    static String markdown(ReliabilityResult result) {
        StringBuilder b = new StringBuilder();
        b.append("## loadlab ").append(result.kind()).append(": ").append(result.run().id()).append("\n\n");
        b.append("`").append(Markdown.cell(result.run().command())).append("` · ").append(result.run().status());
        if (result.run().environment() != null) {
            b.append(" · ").append(result.run().environment().cores()).append(" cores, JDK ")
                    .append(result.run().environment().jdk());
        }
        b.append("\n\n**").append(Markdown.cell(headline(result))).append("**\n\n");
        b.append("| verdict | check | variant | measured | limit |\n| --- | --- | --- | --- | --- |\n");
        for (Check c : result.checks()) {
            b.append("| ").append(c.passed() ? "PASS" : "**FAIL**").append(" | ").append(Markdown.cell(c.name()))
                    .append(" | ").append(c.variant() == null ? "" : Markdown.cell(c.variant())).append(" | ")
                    .append(Markdown.cell(c.measured())).append(" | ").append(Markdown.cell(c.limit())).append(" |\n");
        }
        if (!"soak".equals(result.kind()) && !result.episodes().isEmpty()) {
            b.append("\n| variant | stage | req/s | sent | OK | failed by cause | injected | OK p99 ms |\n")
                    .append("| --- | --- | ---: | ---: | ---: | --- | --- | ---: |\n");
            for (Episode e : result.episodes()) {
                for (ReliabilityResult.Stage s : e.stages()) {
                    b.append("| ").append(Markdown.cell(e.label())).append(" | ").append(s.name()).append(" | ")
                            .append(Fmt.num(s.rateRps())).append(" | ").append(s.sent()).append(" | ").append(s.ok())
                            .append(" | ").append(Markdown.cell(causes(s.koByCause()))).append(" | ")
                            .append(Markdown.cell(causes(s.injectedFaults()))).append(" | ")
                            .append(Fmt.num(s.okLatencyMs().p99())).append(" |\n");
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        result.episodes().forEach(e -> figures.put(e.label(), e.figures()));
        b.append("\n<details><summary>figures</summary>\n\n");
        figures.forEach((variant, f) -> b.append("- **").append(Markdown.cell(variant)).append("**: ")
                .append(Markdown.cell(figure(f instanceof Map<?, ?> m ? withoutLists(m) : f))).append('\n'));
        b.append("\n</details>\n");
        return b.toString();
    }

    private static Map<Object, Object> withoutLists(Map<?, ?> map) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(v instanceof List)) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}

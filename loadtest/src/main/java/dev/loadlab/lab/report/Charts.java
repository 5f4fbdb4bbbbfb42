package dev.loadlab.lab.report;

import dev.loadlab.lab.results.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, for one run or for several runs overlaid. Every chart uses the same colour per
 * variant; with several runs each run has its own line style and marker (A solid, B long dashes, ...).
 * Bounds are dashed: Little's law in grey, the blocking pool in the blocking colour. With repeats, each
 * line goes through the median of the repeats.
 */
final class Charts {

    /** Logical size; the PNG is drawn at twice this for sharp text on any screen. */
    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private static final String CLOSED = Summary.Point.CLOSED;
    private static final String OPEN = Summary.Point.OPEN;
    private static final String USERS_AXIS = "concurrent users (closed model)";
    private static final String OFFERED_AXIS = "offered rate, req/s (open model)";

    /** One run on a chart: its letter in a comparison and how its lines look. */
    record Layer(LoadedRun run, String tag, BasicStroke stroke, Marker marker) {
    }

    private final List<Layer> layers;
    private final Palette palette;
    private final boolean single;

    Charts(List<LoadedRun> runs) {
        List<Layer> list = new ArrayList<>();
        Set<String> variants = new LinkedHashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            list.add(new Layer(runs.get(i), String.valueOf((char) ('A' + i)),
                    Palette.RUN_STROKES.get(i % Palette.RUN_STROKES.size()),
                    Palette.RUN_MARKERS.get(i % Palette.RUN_MARKERS.size())));
            variants.addAll(runs.get(i).variants());
        }
        this.layers = List.copyOf(list);
        this.palette = new Palette(List.copyOf(variants));
        this.single = runs.size() == 1;
    }

    Palette palette() {
        return palette;
    }

    /** Every chart the data allows, in reading order; charts without data are left out. */
    List<ChartSpec> all() {
        List<ChartSpec> charts = new ArrayList<>();
        if (any(CLOSED)) {
            charts.add(throughput());
            charts.addAll(latency(CLOSED));
        }
        if (openRates() >= 2) {
            charts.add(openThroughput());
            charts.addAll(latency(OPEN));
            charts.add(openErrors());
        }
        charts.addAll(cpu());
        distribution().ifPresent(charts::add);
        return charts;
    }

    boolean cpuMeasured() {
        return layers.stream().flatMap(l -> l.run().points().stream())
                .anyMatch(p -> p.cpu() != null && p.cpu().serviceUsPerRequest() != null);
    }

    /** How many distinct open-model rates the runs measured; charts against the rate need two or more. */
    int openRates() {
        return (int) layers.stream().flatMap(l -> l.run().stats(OPEN).stream()).mapToDouble(LevelStats::level)
                .distinct().count();
    }

    private boolean any(String model) {
        return layers.stream().anyMatch(l -> l.run().has(model));
    }

    private String repeatsNote() {
        int repeats = layers.stream().mapToInt(l -> l.run().repeats()).max().orElse(1);
        return repeats > 1 ? " Lines go through the median of " + repeats + " repeats." : "";
    }

    // ---- closed model ---------------------------------------------------------------------------------

    private ChartSpec throughput() {
        XYChart chart = base("Throughput vs concurrency", USERS_AXIS, "throughput, req/s (OK responses)");
        LevelAxis axis = levelAxis(CLOSED, chart);
        addSweeps(chart, axis, CLOSED, null, LevelStats::throughputRps, Palette.SOLID, false);
        addLittleBounds(chart, axis);
        List<String> pools = addPoolBounds(chart, axis, CLOSED);
        chart.getStyler().setYAxisMin(0.0);
        return new ChartSpec("throughput", "Throughput vs concurrency",
                "Each closed-model user sends a request, waits for the answer, and sends the next. The grey dashed"
                        + " line is Little's law: users ÷ upstream latency on the critical path, the most any"
                        + " implementation can serve. A variant on that line is limited only by the upstream;"
                        + " a line that flattens below it is saturated (CPU, pool or queue)." + sentence(pools)
                        + repeatsNote(),
                chart);
    }

    /** p50 and p99 in one chart for one run; one chart per percentile when runs are overlaid. */
    private List<ChartSpec> latency(String model) {
        boolean closed = CLOSED.equals(model);
        String xTitle = closed ? USERS_AXIS : OFFERED_AXIS;
        String what = closed ? "concurrency" : "offered rate";
        String prefix = closed ? "latency" : "open-latency";
        String caption = "Response time of OK requests. The grey dashed line is the upstream latency on"
                + " the critical path: no implementation can answer faster, async included; async only keeps"
                + " answering that fast for more users." + repeatsNote();
        if (single) {
            XYChart chart = base("Latency vs " + what + " (p50 solid, p99 dotted)", xTitle,
                    "response time, ms (log scale)");
            LevelAxis axis = levelAxis(model, chart);
            addSweeps(chart, axis, model, "p50", LevelStats::p50Ms, Palette.SOLID, true);
            addSweeps(chart, axis, model, "p99", LevelStats::p99Ms, Palette.DOTTED, true);
            addLatencyFloor(chart, axis, model);
            logY(chart);
            return List.of(new ChartSpec(prefix, "Latency vs " + what, caption, chart));
        }
        List<ChartSpec> charts = new ArrayList<>();
        for (String pct : List.of("p50", "p99")) {
            Function<LevelStats, Double> metric = "p50".equals(pct) ? LevelStats::p50Ms : LevelStats::p99Ms;
            XYChart chart = base(pct + " latency vs " + what, xTitle, pct + " response time, ms (log scale)");
            LevelAxis axis = levelAxis(model, chart);
            addSweeps(chart, axis, model, null, metric, Palette.SOLID, true);
            addLatencyFloor(chart, axis, model);
            logY(chart);
            charts.add(new ChartSpec(prefix + "-" + pct, pct + " latency vs " + what, caption, chart));
        }
        return charts;
    }

    // ---- open model -----------------------------------------------------------------------------------

    private ChartSpec openThroughput() {
        XYChart chart = base("Throughput vs offered rate", OFFERED_AXIS, "throughput, req/s (OK responses)");
        LevelAxis axis = levelAxis(OPEN, chart);
        addSweeps(chart, axis, OPEN, null, LevelStats::throughputRps, Palette.SOLID, false);
        List<double[]> diagonal = axis.atLevels(x -> x);
        addReference(chart, "offered rate", diagonal, Palette.BOUND_GREY);
        List<String> pools = addPoolBounds(chart, axis, OPEN);
        chart.getStyler().setYAxisMin(0.0);
        return new ChartSpec("open-throughput", "Throughput vs offered rate",
                "Open model: requests arrive at a fixed rate whether or not earlier ones were answered, like"
                        + " independent users on the internet. A variant that keeps up sits on the grey dashed"
                        + " diagonal; below it, requests queue, time out or are refused." + sentence(pools)
                        + repeatsNote(),
                chart);
    }

    private ChartSpec openErrors() {
        XYChart chart = base("Errors vs offered rate", OFFERED_AXIS, "failed requests, % of requests sent");
        LevelAxis axis = levelAxis(OPEN, chart);
        addSweeps(chart, axis, OPEN, null, LevelStats::errorPct, Palette.SOLID, false);
        double max = layers.stream().flatMap(l -> l.run().stats(OPEN).stream())
                .mapToDouble(LevelStats::errorPct).max().orElse(0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.max(1.0, Math.min(100.0, max * 1.15)));
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        return new ChartSpec("open-errors", "Errors vs offered rate",
                "Share of requests that failed (HTTP errors such as 503 from a full blocking queue, timeouts,"
                        + " refused connections). The point tables break them down by cause." + repeatsNote(),
                chart);
    }

    // ---- CPU ------------------------------------------------------------------------------------------

    private List<ChartSpec> cpu() {
        if (!cpuMeasured()) {
            return List.of();
        }
        String model = any(CLOSED) ? CLOSED : OPEN;
        String xTitle = CLOSED.equals(model) ? USERS_AXIS : OFFERED_AXIS;
        String caption = "CPU time (user + system) of each process over the measured window, divided by the"
                + " requests sent in it. The stub's CPU is per service request (it answers 2-3 upstream calls"
                + " for each). Lower is cheaper: the same work with less CPU leaves room for more users."
                + repeatsNote();
        if (single) {
            // log scale when wide: the first, lightly loaded points carry JIT work and cost 10x the rest
            XYChart chart = base("CPU per request (service solid, stub dotted)", xTitle,
                    "CPU time, µs/request (log scale)");
            LevelAxis axis = levelAxis(model, chart);
            addSweeps(chart, axis, model, "service", LevelStats::serviceUsPerRequest, Palette.SOLID, true);
            addSweeps(chart, axis, model, "stub", LevelStats::stubUsPerRequest, Palette.DOTTED, true);
            logY(chart);
            return List.of(new ChartSpec("cpu", "CPU per request", caption, chart));
        }
        List<ChartSpec> charts = new ArrayList<>();
        for (String process : List.of("service", "stub")) {
            Function<LevelStats, Double> metric = "service".equals(process) ? LevelStats::serviceUsPerRequest
                    : LevelStats::stubUsPerRequest;
            XYChart chart = base(process + " CPU per request", xTitle,
                    process + " CPU time, µs/request (log scale)");
            LevelAxis axis = levelAxis(model, chart);
            if (addSweeps(chart, axis, model, null, metric, Palette.SOLID, true)) {
                logY(chart);
                charts.add(new ChartSpec("cpu-" + process, process + " CPU per request", caption, chart));
            }
        }
        return charts;
    }

    // ---- distribution ---------------------------------------------------------------------------------

    /**
     * Percentile plot of chosen points: for each variant its highest closed level (and, for one run, its
     * highest open rate), from the histogram logs with every repeat added up.
     */
    private Optional<ChartSpec> distribution() {
        XYChart chart = base("Latency distribution at the highest load", "percentile (log scale of 1 / (1 − p))",
                "response time, ms (log scale)");
        boolean added = false;
        double maxX = 1;
        for (Layer layer : layers) {
            List<String> models = new ArrayList<>();
            if (layer.run().has(CLOSED)) {
                models.add(CLOSED);
            }
            if (layer.run().has(OPEN) && (single || models.isEmpty())) {
                models.add(OPEN);
            }
            for (String model : models) {
                for (String variant : layer.run().variants()) {
                    List<LevelStats> stats = layer.run().stats(model, variant);
                    if (stats.isEmpty()) {
                        continue;
                    }
                    double level = stats.getLast().level();
                    Optional<Histogram> histogram = layer.run().okHistogram(variant, model, level);
                    if (histogram.isEmpty() || histogram.get().getTotalCount() < 10) {
                        continue;
                    }
                    List<double[]> curve = percentileCurve(histogram.get());
                    maxX = Math.max(maxX, curve.getLast()[0]);
                    String name = variant + ", " + Fmt.level(model, level) + (single ? "" : " (" + layer.tag() + ")");
                    BasicStroke stroke = single ? (CLOSED.equals(model) ? Palette.SOLID : Palette.DOTTED)
                            : layer.stroke();
                    XYSeries series = chart.addSeries(name, curve.stream().map(p -> p[0]).toList(),
                            curve.stream().map(p -> p[1]).toList());
                    style(series, palette.of(variant), stroke, SeriesMarkers.NONE);
                    added = true;
                }
            }
        }
        if (!added) {
            return Optional.empty();
        }
        double floor = criticalPaths(layers.getFirst().run(), null).keySet().stream().findFirst().orElse(0.0);
        if (floor > 0) {
            addReference(chart, "upstream latency " + Fmt.ms(floor),
                    List.of(new double[] {1, floor}, new double[] {maxX, floor}), Palette.BOUND_GREY);
        }
        XYStyler s = chart.getStyler();
        s.setXAxisLogarithmic(true);
        s.setXAxisLogarithmicDecadeOnly(true);
        s.setXAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        logY(chart);
        return Optional.of(new ChartSpec("distribution", "Latency distribution at the highest load",
                "Read a curve left to right: at 99% it shows the response time that 99% of requests beat."
                        + " A flat curve means predictable latency; a curve that climbs at the right means a tail"
                        + " of slow requests (queueing). From the histogram logs, OK requests only"
                        + (layers.stream().anyMatch(l -> l.run().repeats() > 1) ? ", all repeats added up." : "."),
                chart));
    }

    /** (1 / (1 − p), value in ms) from p = 0 up to 99.99% (or as far as the request count supports). */
    static List<double[]> percentileCurve(Histogram h) {
        double maxX = Math.min(10_000, h.getTotalCount());
        List<double[]> curve = new ArrayList<>();
        int steps = 60;
        for (int i = 0; i <= steps; i++) {
            double x = Math.pow(maxX, (double) i / steps);
            double percentile = 100.0 * (1 - 1 / x);
            curve.add(new double[] {x, h.getValueAtPercentile(percentile) / 1000.0});
        }
        return curve;
    }

    /** 1 -> "0%", 10 -> "90%", 100 -> "99%", 1000 -> "99.9%". */
    static String percentileLabel(double x) {
        if (x <= 1.0001) {
            return "0%";
        }
        double p = 100.0 * (1 - 1 / x);
        String text = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }

    // ---- building blocks ------------------------------------------------------------------------------

    static XYChart base(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        houseStyle(s);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendSeriesLineLength(30);
        s.setLegendPadding(6);
        s.setMarkerSize(9);
        s.setChartPadding(12);
        s.setXAxisTickMarkSpacingHint(90);
        s.setYAxisTickMarkSpacingHint(60);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setYAxisDecimalPattern("#,##0.##");
        s.setXAxisDecimalPattern("#,##0.##");
        return chart;
    }

    /** What every chart of the lab shares, line or bar: white, light grid, large fonts, legend on the right. */
    static void houseStyle(org.knowm.xchart.style.AxesChartStyler s) {
        s.setLocale(Locale.ROOT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xBB, 0xBB, 0xBB));
        s.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        s.setChartTitleBoxVisible(false);
        // Fonts are large for the logical size: the page shows two charts side by side, scaled down.
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 19));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        // A legend beside the plot never runs off the image (XChart does not wrap a legend below it).
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
    }

    /**
     * Latency on a log axis when it spans a wide range (a saturated variant next to one at the upstream
     * floor), labelled at 1-2-5 steps so labels never crowd; a narrow range (everything near the floor) stays
     * linear, where a log axis would show a single tick.
     */
    private static void logY(XYChart chart) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (XYSeries series : chart.getSeriesCollection()) {
            for (double y : series.getYData()) {
                if (y > 0) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        XYStyler s = chart.getStyler();
        if (max > 0 && max / min >= 3) {
            s.setYAxisLogarithmic(true);
            s.setYAxisLogarithmicDecadeOnly(false);
            boolean wide = max / min >= 12;
            s.setYAxisTickLabelsFormattingFunction(v -> logLabel(v, wide));
        } else {
            chart.setYAxisTitle(chart.getYAxisTitle().replace(" (log scale)", ""));
            s.setYAxisMin(0.0);
        }
    }

    /** Labels 100, 200, 500, 1,000 on a wide log axis (and 300, 400... on a narrower one); the rest stay blank. */
    static String logLabel(double v, boolean wide) {
        if (v <= 0) {
            return "";
        }
        double decade = Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
        long mantissa = Math.round(v / decade);
        if (Math.abs(v / decade - mantissa) > 1e-6) {
            return "";
        }
        boolean shown = wide ? mantissa == 1 || mantissa == 2 || mantissa == 5 : mantissa != 7 && mantissa != 9;
        return shown ? Fmt.num(v) : "";
    }

    private static void style(XYSeries series, Color colour, BasicStroke stroke, Marker marker) {
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setLineStyle(stroke);
        series.setMarker(marker);
    }

    /**
     * Adds one line per (run, variant) of one metric: one run's variants differ by colour and marker, its
     * metrics by line style; several runs differ by line style and marker, their variants by colour. Null values are skipped, and so are values that are
     * not positive on a log axis. Returns whether anything was drawn.
     */
    private boolean addSweeps(XYChart chart, LevelAxis axis, String model, String metricLabel,
                              Function<LevelStats, Double> metric, BasicStroke singleStroke, boolean logY) {
        boolean added = false;
        for (Layer layer : layers) {
            for (String variant : layer.run().variants()) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (LevelStats s : layer.run().stats(model, variant)) {
                    Double y = metric.apply(s);
                    if (y != null && Double.isFinite(y) && (!logY || y > 0)) {
                        xs.add(axis.x(s.level()));
                        ys.add(y);
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                String name = variant + (metricLabel == null ? "" : " " + metricLabel)
                        + (single ? "" : " (" + layer.tag() + ")");
                XYSeries series = chart.addSeries(name, xs, ys);
                style(series, palette.of(variant), single ? singleStroke : layer.stroke(),
                        single ? palette.marker(variant) : layer.marker());
                added = true;
            }
        }
        return added;
    }

    /** One Little's-law line per distinct critical path (per run when runs differ). */
    private void addLittleBounds(XYChart chart, LevelAxis axis) {
        Set<Double> drawn = new TreeSet<>();
        for (Layer layer : layers) {
            Map<Double, List<String>> paths = criticalPaths(layer.run(), CLOSED);
            for (Map.Entry<Double, List<String>> path : paths.entrySet()) {
                double cp = path.getKey();
                if (cp <= 0 || !drawn.add(cp)) {
                    continue;
                }
                String who = paths.size() > 1 ? " (" + String.join(", ", path.getValue()) + ")" : "";
                String run = drawn.size() > 1 && !single ? " " + layer.tag() : "";
                addReference(chart, "Little's law: users ÷ " + Fmt.ms(cp) + who + run,
                        axis.atLevels(users -> users * 1000.0 / cp), Palette.BOUND_GREY);
            }
        }
    }

    /**
     * The blocking pool's bound (pool size ÷ critical path) as a horizontal line in the blocking colour;
     * returns how each bound was worked out, for the caption.
     */
    private List<String> addPoolBounds(XYChart chart, LevelAxis axis, String model) {
        Set<Double> drawn = new TreeSet<>();
        List<String> explained = new ArrayList<>();
        for (Layer layer : layers) {
            for (String variant : layer.run().variants()) {
                Optional<LevelStats> withPool = layer.run().stats(model, variant).stream()
                        .filter(s -> s.poolRps() != null).findFirst();
                if (withPool.isEmpty() || !drawn.add(withPool.get().poolRps())) {
                    continue;
                }
                LevelStats s = withPool.get();
                Integer poolSize = layer.run().summary().config() == null ? null
                        : layer.run().summary().config().blockingPoolSize();
                String run = single ? "" : " (" + layer.tag() + ")";
                addReference(chart, variant + " pool: " + Fmt.rps(s.poolRps()) + run, axis.sample(x -> s.poolRps()),
                        palette.of(variant));
                explained.add("the " + variant + " pool's bound" + run + " is " + (poolSize == null ? "its size"
                        : poolSize + " threads") + " ÷ " + Fmt.ms(s.criticalPathMs()) + " = " + Fmt.rps(s.poolRps()));
            }
        }
        return explained;
    }

    private static String sentence(List<String> parts) {
        if (parts.isEmpty()) {
            return "";
        }
        String text = String.join("; ", parts);
        return " " + Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    /** The upstream latency on the critical path: the floor of every latency. */
    private void addLatencyFloor(XYChart chart, LevelAxis axis, String model) {
        Set<Double> paths = criticalPaths(layers.getFirst().run(), model).keySet();
        for (double cp : paths) {
            if (cp > 0) {
                addReference(chart, "upstream latency " + Fmt.ms(cp),
                        axis.sample(x -> cp), Palette.BOUND_GREY);
            }
        }
    }

    /** Distinct critical-path latencies of a run (of one model, or all when null), with the variants on each. */
    private static Map<Double, List<String>> criticalPaths(LoadedRun run, String model) {
        Map<Double, List<String>> paths = new LinkedHashMap<>();
        for (String variant : run.variants()) {
            run.points().stream()
                    .filter(p -> p.variant().equals(variant) && (model == null || model.equals(p.model()))
                            && p.bound() != null)
                    .map(p -> p.bound().criticalPathMs()).findFirst()
                    .ifPresent(cp -> paths.computeIfAbsent(cp, k -> new ArrayList<>()).add(variant));
        }
        return paths;
    }

    private static void addReference(XYChart chart, String name, List<double[]> points, Color colour) {
        if (chart.getSeries(name) != null) {
            return;
        }
        XYSeries series = chart.addSeries(name, points.stream().map(p -> p[0]).toList(),
                points.stream().map(p -> p[1]).toList());
        series.setLineColor(colour);
        series.setLineStyle(Palette.BOUND);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(1.6f);
    }

    private LevelAxis levelAxis(String model, XYChart chart) {
        TreeSet<Double> levels = new TreeSet<>();
        layers.forEach(l -> l.run().stats(model).forEach(s -> levels.add(s.level())));
        LevelAxis axis = LevelAxis.of(levels);
        axis.configure(chart);
        return axis;
    }

    /**
     * The x axis of a sweep. Levels that span a wide range (16 to 512 users) are spaced by their log2,
     * with tick labels that read as the level itself, so low levels are not squeezed together and the
     * labels stay round (16, 32, 64, ...). Narrow ranges use a plain linear axis.
     */
    record LevelAxis(List<Double> levels, double min, double max, boolean log2) {

        static LevelAxis of(TreeSet<Double> levels) {
            if (levels.isEmpty()) {
                return new LevelAxis(List.of(1.0), 1, 1, false);
            }
            double min = levels.first();
            double max = levels.last();
            boolean log = levels.size() >= 2 && min > 0 && max / min >= 8;
            return new LevelAxis(List.copyOf(levels), min, max, log);
        }

        /**
         * A bound evaluated at the measured levels and joined by straight lines, exactly like the data: a
         * smooth curve would pass below the straight data segments on a log axis and look exceeded.
         */
        List<double[]> atLevels(java.util.function.DoubleUnaryOperator f) {
            if (levels.size() < 2) {
                return sample(f);
            }
            return levels.stream().map(level -> new double[] {x(level), f.applyAsDouble(level)}).toList();
        }

        double x(double level) {
            return log2 ? Math.log(level) / Math.log(2) : level;
        }

        /** Points of a reference curve across the axis, dense enough to look smooth on either scale. */
        List<double[]> sample(java.util.function.DoubleUnaryOperator f) {
            List<double[]> points = new ArrayList<>();
            int steps = min == max ? 1 : 48;
            double lo = min == max ? min * 0.9 : min;
            double hi = min == max ? max * 1.1 : max;
            for (int i = 0; i <= steps; i++) {
                double level = log2 ? lo * Math.pow(hi / lo, (double) i / steps) : lo + (hi - lo) * i / steps;
                points.add(new double[] {x(level), f.applyAsDouble(level)});
            }
            return points;
        }

        void configure(XYChart chart) {
            if (log2) {
                // one tick per doubling (16, 32, 64...) rather than every other one
                chart.getStyler().setXAxisTickMarkSpacingHint(60);
                chart.getStyler().setXAxisTickLabelsFormattingFunction(
                        v -> Math.abs(v - Math.rint(v)) < 1e-6 ? Fmt.num((double) Math.round(Math.pow(2, v))) : "");
            }
        }
    }
}

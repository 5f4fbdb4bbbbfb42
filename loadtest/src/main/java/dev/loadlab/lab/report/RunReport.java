package dev.loadlab.lab.report;

import dev.loadlab.lab.results.PointNotes;
import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report of one run, from its summary.json and histogram logs alone: {@code report.html} (one
 * self-contained file), {@code report.md} (for CI summaries and pull requests) and {@code charts/*.png|svg}.
 */
public final class RunReport {

    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    public static final String CHARTS = "charts";

    /** What was written. */
    public record Rendered(Path html, Path markdown, List<Path> charts, String headline) {
    }

    private RunReport() {
    }

    /** Renders the report into the run folder; throws LabException when the folder is not a run. */
    public static Rendered render(Path runDir) {
        LoadedRun run = LoadedRun.load(runDir);
        Charts charts = new Charts(List.of(run));
        Headline headline = Headline.of(run);
        Path chartsDir = run.dir().resolve(CHARTS);
        List<ChartSpec> specs = charts.all();
        List<byte[]> pngs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (ChartSpec spec : specs) {
            pngs.add(ChartFiles.write(spec, chartsDir));
            files.add(chartsDir.resolve(spec.name() + ".png"));
            files.add(chartsDir.resolve(spec.name() + ".svg"));
        }
        List<WhereTimeGoes.VariantRow> evidence = WhereTimeGoes.rows(run);
        Optional<ChartSpec> layerChart = WhereTimeGoes.chart(evidence);
        byte[] layerPng = null;
        if (layerChart.isPresent()) {
            layerPng = ChartFiles.write(layerChart.get(), chartsDir);
            files.add(chartsDir.resolve(layerChart.get().name() + ".png"));
            files.add(chartsDir.resolve(layerChart.get().name() + ".svg"));
        }
        String whereTimeGoesHtml = WhereTimeGoes.html(run, evidence, layerChart, layerPng);
        Path html = run.dir().resolve(HTML);
        Path markdown = run.dir().resolve(MARKDOWN);
        SummaryFiles.writeText(html, html(run, charts, headline, specs, pngs, whereTimeGoesHtml));
        SummaryFiles.writeText(markdown, markdown(run, charts, headline, specs,
                WhereTimeGoes.markdown(run, evidence, layerChart)));
        return new Rendered(html, markdown, files, headline.text());
    }

    // ---- HTML -----------------------------------------------------------------------------------------

    private static String html(LoadedRun run, Charts charts, Headline headline, List<ChartSpec> specs,
                               List<byte[]> pngs, String whereTimeGoes) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>loadlab report: ").append(Html.esc(run.id())).append("</h1>\n");
        b.append("<div class=\"sub\">").append(Html.esc(subtitle(run))).append("</div>\n");
        if (run.incomplete()) {
            b.append("<div class=\"incomplete\" id=\"incomplete\">INCOMPLETE: ").append(Html.esc(run.incompleteReason()))
                    .append(". The numbers below are the points that finished.</div>\n");
        }
        drainWarning(run).ifPresent(w -> b.append("<div class=\"incomplete\" id=\"drain-timed-out\">")
                .append(Html.esc(w)).append("</div>\n"));
        b.append("<div class=\"headline\" id=\"headline\">").append(Html.esc(headline.text())).append("</div>\n");
        b.append(variantLegend(run.variants(), charts.palette()));
        if (!charts.cpuMeasured() && !run.points().isEmpty()) {
            b.append("<p class=\"note\">CPU was not measured: the service is not one the lab started"
                    + " (--target), so its CPU time cannot be read.</p>\n");
        }
        b.append("<h2>Charts</h2>\n");
        singleRateNote(run, charts).ifPresent(note -> b.append("<p class=\"note\">").append(Html.esc(note))
                .append("</p>\n"));
        b.append(figures(specs, pngs));
        b.append(whereTimeGoes);
        if (run.repeats() > 1) {
            b.append("<h2>Medians of ").append(run.repeats()).append(" repeats</h2>\n");
            b.append(medianTable(List.of(run), charts.palette()));
        }
        b.append("<h2>Every point</h2>\n");
        b.append(pointTable(run, charts.palette()));
        b.append("<h2>Configuration</h2>\n").append(Html.keyValues(configRows(run)));
        b.append("<h2>Environment</h2>\n").append(Html.keyValues(environmentRows(run)));
        b.append("<footer>Written by <code>./lab report</code> from summary.json and histograms/ of ")
                .append(Html.esc(run.dir().toString()))
                .append(". Latency is the response time of OK requests; throughput counts OK responses only.")
                .append("</footer>\n");
        return Html.page("loadlab report · " + run.id(), b.toString());
    }

    /**
     * With a single open-model rate there is no curve to draw against the rate: say what happened there in
     * words (its percentile curves are in the distribution chart).
     */
    static java.util.Optional<String> singleRateNote(LoadedRun run, Charts charts) {
        List<LevelStats> open = run.stats(Summary.Point.OPEN);
        if (open.isEmpty() || charts.openRates() != 1) {
            return java.util.Optional.empty();
        }
        String each = open.stream().map(s -> s.noSuccess().map(none -> s.variant() + " had " + none)
                .orElseGet(() -> s.variant() + " " + Fmt.rps(s.throughputRps()) + ", p50 " + Fmt.ms(s.p50Ms())
                        + ", p99 " + Fmt.ms(s.p99Ms()) + ", " + Fmt.errorPct(s.errorPct()) + " errors"))
                .collect(Collectors.joining("; "));
        return java.util.Optional.of("Open model, one offered rate (" + Fmt.rps(open.getFirst().level()) + "): "
                + each + ". Its percentile curves are dotted in the distribution chart; measure two or more rates"
                + " (--rates) to chart latency and errors against the rate.");
    }

    /** The points whose drain timed out, named at the top of both reports: their numbers may carry a backlog. */
    static java.util.Optional<String> drainWarning(LoadedRun run) {
        List<String> notes = run.sortedPoints().stream().filter(p -> p.drain() != null && p.drain().timedOut())
                .map(p -> p.id() + ": " + PointNotes.drainTimedOut(p.drain()).orElseThrow()).toList();
        return notes.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of("Drain timed out before " + notes.size() + " point" + (notes.size() == 1 ? "" : "s")
                        + ". " + String.join("; ", notes) + ".");
    }

    static String subtitle(LoadedRun run) {
        Summary.RunConfig c = run.summary().config();
        Summary.RunInfo r = run.summary().run();
        List<String> parts = new ArrayList<>();
        if (r != null && r.command() != null) {
            parts.add(r.command());
        }
        if (c != null) {
            if (c.scenario() != null) {
                parts.add("scenario " + c.scenario());
            }
            parts.add("endpoint /" + c.endpoint());
            parts.add("upstream latency " + latencyText(c));
            parts.add(c.embedded() ? "started by the lab" : "--target services");
        }
        if (r != null && r.startedAt() != null) {
            parts.add("started " + r.startedAt());
        }
        if (r != null && r.gitCommit() != null) {
            parts.add("commit " + r.gitCommit());
        }
        return String.join(" · ", parts);
    }

    static String latencyText(Summary.RunConfig c) {
        String means = c.upstreamLatencyMs() == null ? "?" : c.upstreamLatencyMs().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + " " + Fmt.ms(e.getValue())).collect(Collectors.joining(", "));
        return c.latencyProfile() + " (mean " + means + ")";
    }

    static String variantLegend(List<String> variants, Palette palette) {
        StringBuilder b = new StringBuilder("<p class=\"note legend\">Colours: ");
        for (String v : variants) {
            b.append("<span>").append(Html.swatch(palette.of(v))).append(Html.esc(v)).append("</span>");
        }
        return b.append("dashed grey: Little's-law bound and upstream latency; dashed in a variant's colour:"
                + " its pool bound.</p>\n").toString();
    }

    static String figures(List<ChartSpec> specs, List<byte[]> pngs) {
        if (specs.isEmpty()) {
            return "<p class=\"note\">No chart: the run has no measured point yet.</p>\n";
        }
        StringBuilder b = new StringBuilder("<div class=\"charts\">\n");
        for (int i = 0; i < specs.size(); i++) {
            ChartSpec spec = specs.get(i);
            b.append("<figure id=\"chart-").append(spec.name()).append("\">").append(Html.pngImg(pngs.get(i),
                    spec.title())).append("<figcaption>").append(Html.esc(spec.caption())).append("<br><a href=\"")
                    .append(CHARTS).append('/').append(spec.name()).append(".png\">PNG</a><a href=\"").append(CHARTS)
                    .append('/').append(spec.name()).append(".svg\">SVG</a></figcaption></figure>\n");
        }
        return b.append("</div>\n").toString();
    }

    /** Medians per (variant, model, level); with several runs, one row per run. */
    static String medianTable(List<LoadedRun> runs, Palette palette) {
        List<String> headers = new ArrayList<>(List.of("l:variant", "l:model", "level"));
        if (runs.size() > 1) {
            headers.add(1, "l:run");
        }
        headers.addAll(List.of("req/s", "bound req/s", "of bound", "p50 ms", "p99 ms", "errors",
                "service µs/req", "stub µs/req"));
        boolean perReplica = runs.stream().anyMatch(r -> r.replicas() > 1);
        if (perReplica) {
            headers.add(headers.indexOf("req/s") + 1, "req/s per replica");
        }
        List<List<String>> rows = new ArrayList<>();
        for (LevelStats.OfRun r : LevelStats.interleaved(runs)) {
            LevelStats s = r.stats();
            String model = s.model();
            List<String> row = new ArrayList<>(List.of(
                    Html.swatch(palette.of(s.variant())) + Html.esc(s.variant()), model,
                    Fmt.levelShort(model, s.level())));
            if (runs.size() > 1) {
                row.add(1, String.valueOf((char) ('A' + r.run())));
            }
            row.addAll(List.of(Fmt.num(s.throughputRps()), Fmt.num(s.littleRps()),
                    Fmt.pct(s.littleRps() > 0 ? s.throughputRps() / s.littleRps() : 0), Fmt.latency(s, s.p50Ms()),
                    Fmt.latency(s, s.p99Ms()), Fmt.errorPct(s.errorPct()), Fmt.num(s.serviceUsPerRequest()),
                    Fmt.num(s.stubUsPerRequest())));
            if (perReplica) {
                int replicas = runs.get(r.run()).replicas();
                row.add(headers.indexOf("req/s per replica"), Fmt.num(s.throughputRps() / replicas));
            }
            rows.add(row);
        }
        return Html.table(headers, rows);
    }

    private static String pointTable(LoadedRun run, Palette palette) {
        List<String> headers = List.of("l:point", "l:Gatling", "l:variant", "l:model", "level", "repeat", "req/s",
                "bound req/s", "of bound", "pool bound", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "OK",
                "failed", "l:failed by cause", "service µs/req", "stub µs/req", "loadgen µs/req", "service RSS MB",
                "l:drain before");
        List<List<String>> rows = new ArrayList<>();
        for (Summary.Point p : run.sortedPoints()) {
            Summary.LatencyMs l = p.latencyMs();
            Summary.Bound bound = p.bound();
            Summary.Cpu cpu = p.cpu();
            Summary.Requests req = p.requests();
            String id = p.complete() ? Html.esc(p.id()) : Html.esc(p.id()) + " <strong style=\"color:#b3261e\">INCOMPLETE</strong>: "
                    + Html.esc(p.reason()) + " (left out of the charts and medians)";
            Optional<String> none = PointNotes.noSuccess(req);
            if (none.isPresent()) {
                id += " <strong style=\"color:#b3261e\">" + Html.esc(none.get()) + "</strong>";
                l = null; // the latency of no OK response is not 0 ms: there is none
            }
            rows.add(List.of(id, gatlingLinks(run, p),
                    Html.swatch(palette.of(p.variant())) + Html.esc(p.variant()),
                    Html.esc(p.model()), Fmt.levelShort(p.model(), p.level()), String.valueOf(p.repeat()),
                    Fmt.num(p.throughputRps()) + (run.replicas() > 1 ? " (" + Fmt.num(p.throughputRps() / run.replicas())
                            + " per replica)" : ""), bound == null ? "–" : Fmt.num(bound.littleRps()),
                    bound == null ? "–" : Fmt.pct(bound.efficiency()), bound == null ? "–" : Fmt.num(bound.poolRps()),
                    l == null ? "–" : Fmt.num(l.p50()), l == null ? "–" : Fmt.num(l.p90()),
                    l == null ? "–" : Fmt.num(l.p99()), l == null ? "–" : Fmt.num(l.p999()),
                    l == null ? "–" : Fmt.num(l.max()), req == null ? "–" : Fmt.num((double) req.ok()),
                    req == null ? "–" : Fmt.num((double) req.ko()), Html.esc(causes(req)),
                    cpu == null ? "–" : Fmt.num(cpu.serviceUsPerRequest()),
                    cpu == null ? "–" : Fmt.num(cpu.stubUsPerRequest()),
                    cpu == null ? "–" : Fmt.num(cpu.loadgenUsPerRequest()) + perInjectorCpu(p),
                    Fmt.num(p.serviceRssMb()), drainCell(p.drain())));
        }
        return Html.table(headers, rows);
    }

    /** "0.4 s" (backlog gauges), "1.2 s (probe)" (a target), or a red "timed out ..." that cannot be missed. */
    private static String drainCell(Summary.Drain drain) {
        if (drain == null) {
            return "–";
        }
        return PointNotes.drainTimedOut(drain)
                .map(note -> "<strong style=\"color:#b3261e\">" + Html.esc(note) + "</strong>")
                .orElseGet(() -> Fmt.num(drain.durationMs() / 1000.0) + " s"
                        + (Summary.Drain.PROBE.equals(drain.method()) ? " (probe)" : ""));
    }

    /** With several injectors: each one's own load-generator CPU per request, e.g. " (31 / 29)". */
    private static String perInjectorCpu(Summary.Point p) {
        if (p.perInjector() == null || p.perInjector().size() < 2) {
            return "";
        }
        return " (" + p.perInjector().stream().map(i -> Fmt.num(i.loadgenUsPerRequest()))
                .collect(Collectors.joining(" / ")) + ")";
    }

    private static String causes(Summary.Requests req) {
        if (req == null || req.koByCause() == null || req.koByCause().isEmpty()) {
            return "";
        }
        return req.koByCause().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Relative links to the point's Gatling reports (one per injector); "not kept" when the folder lacks them. */
    private static String gatlingLinks(LoadedRun run, Summary.Point p) {
        if (p.gatlingReports() == null || p.gatlingReports().isEmpty()) {
            return "–";
        }
        List<String> links = new ArrayList<>();
        for (int i = 0; i < p.gatlingReports().size(); i++) {
            String path = p.gatlingReports().get(i);
            String label = p.gatlingReports().size() == 1 ? "report" : "injector " + (i + 1);
            if (Files.isRegularFile(run.dir().resolve(path))) {
                links.add("<a href=\"" + Html.esc(path.replace('\\', '/')) + "\">" + label + "</a>");
            } else {
                links.add("<span class=\"neutral\">" + label + " not kept</span>");
            }
        }
        return String.join(" ", links);
    }

    /** One line per variant: the calls its bound was computed from, e.g. "async: bound = users / 120 ms, max(pricing, inventory) + shipping". */
    static List<String> criticalPaths(LoadedRun run) {
        Summary.RunConfig c = run.summary().config();
        if (c == null || c.criticalPaths() == null) {
            return List.of();
        }
        Map<String, Double> floors = new java.util.LinkedHashMap<>();
        run.points().stream().filter(p -> p.bound() != null)
                .forEach(p -> floors.putIfAbsent(p.variant(), p.bound().criticalPathMs()));
        List<String> lines = new ArrayList<>();
        c.criticalPaths().forEach((variant, path) -> {
            if (floors.containsKey(variant)) {
                lines.add("- " + variant + ": bound = users / " + Fmt.ms(floors.get(variant)) + ", critical path "
                        + path);
            }
        });
        return lines;
    }

    static List<String[]> configRows(LoadedRun run) {
        Summary.RunConfig c = run.summary().config();
        List<String[]> rows = new ArrayList<>();
        if (c == null) {
            rows.add(new String[] {"configuration", "not recorded"});
            return rows;
        }
        if (c.scenario() != null) {
            rows.add(new String[] {"scenario", Html.esc(c.scenario())});
        }
        rows.add(new String[] {"endpoint", Html.esc("/" + c.endpoint())});
        rows.add(new String[] {"variants", Html.esc(String.join(", ", c.variants() == null ? List.of() : c.variants()))});
        if (c.targets() != null) {
            for (Map.Entry<String, String> t : c.targets().entrySet()) {
                rows.add(new String[] {"target " + t.getKey(), Html.esc(t.getValue())});
            }
        }
        rows.add(new String[] {"system under test", c.embedded() ? "embedded: the lab started the variants and the fake"
                + " upstreams" : "--target: services the lab did not start (no CPU or pool numbers)"});
        rows.add(new String[] {"upstream latency", Html.esc(latencyText(c))});
        run.points().stream().filter(p -> p.bound() != null)
                .collect(Collectors.toMap(Summary.Point::variant, p -> p.bound().criticalPathMs(), (a, b2) -> a,
                        java.util.LinkedHashMap::new))
                .forEach((v, cp) -> rows.add(new String[] {"critical path, " + v, Fmt.ms(cp)
                        + " of upstream latency per request" + (c.criticalPaths() == null
                        || !c.criticalPaths().containsKey(v) ? "" : ": " + Html.esc(c.criticalPaths().get(v)))
                        + "; the bound is users / " + Fmt.ms(cp)}));
        rows.add(new String[] {"blocking pool", c.blockingPoolSize() == null ? "–"
                : c.blockingPoolSize() + " threads, queue " + c.blockingQueueSize() + " (a full queue answers 503)"});
        rows.add(new String[] {"concurrency levels (closed)", Html.esc(c.concurrencyLevels() == null
                ? "none" : c.concurrencyLevels().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                + " users"});
        rows.add(new String[] {"arrival rates (open)", c.arrivalRatesRps() == null || c.arrivalRatesRps().isEmpty()
                ? "none" : Html.esc(c.arrivalRatesRps().stream().map(Fmt::num).collect(Collectors.joining(", ")))
                + " req/s"});
        rows.add(new String[] {"per point", Fmt.num(c.warmupSeconds()) + " s warm-up, " + Fmt.num(c.measureSeconds())
                + " s measured, request timeout " + Fmt.num(c.requestTimeoutSeconds()) + " s"});
        rows.add(new String[] {"repeats", c.repeats() + (c.repeats() > 1 ? " (charts show medians)" : "")});
        rows.add(new String[] {"load-generator JVMs per point", String.valueOf(c.injectors())});
        if (c.serviceReplicas() != null) {
            rows.add(new String[] {"service replicas", c.serviceReplicas() + (c.replicas() > 1
                    ? " (req/s per replica = req/s ÷ " + c.replicas() + ", assuming the Service spreads load evenly)" : "")});
        }
        return rows;
    }

    static List<String[]> environmentRows(LoadedRun run) {
        Summary.RunInfo r = run.summary().run();
        List<String[]> rows = new ArrayList<>();
        if (r == null) {
            rows.add(new String[] {"run", "not recorded"});
            return rows;
        }
        rows.add(new String[] {"run", Html.esc(r.id() + " (" + r.name() + ")")});
        rows.add(new String[] {"status", Html.esc(r.status() + (r.reason() == null ? "" : ": " + r.reason()))});
        rows.add(new String[] {"started / ended", Html.esc(r.startedAt() + " / " + (r.endedAt() == null ? "–" : r.endedAt()))});
        rows.add(new String[] {"command", "<code>" + Html.esc(r.command()) + "</code>"});
        rows.add(new String[] {"git commit", Html.esc(r.gitCommit() == null ? "–" : r.gitCommit())});
        Summary.Environment e = r.environment();
        if (e != null) {
            rows.add(new String[] {"JDK", Html.esc(e.jdk() + " (" + e.jdkVendor() + ")")});
            rows.add(new String[] {"OS", Html.esc(e.os())});
            rows.add(new String[] {"machine", e.cores() + " cores, " + Fmt.num((double) e.memoryMb()) + " MB memory"});
            if (e.versions() != null && !e.versions().isEmpty()) {
                rows.add(new String[] {"versions", Html.esc(e.versions().entrySet().stream()
                        .map(v -> v.getKey() + " " + v.getValue()).collect(Collectors.joining(", ")))});
            }
        }
        return rows;
    }

    // ---- Markdown -------------------------------------------------------------------------------------

    private static String markdown(LoadedRun run, Charts charts, Headline headline, List<ChartSpec> specs,
                                   String whereTimeGoes) {
        StringBuilder b = new StringBuilder();
        b.append("## loadlab report: ").append(run.id()).append("\n\n");
        if (run.incomplete()) {
            b.append("> [!WARNING]\n> **INCOMPLETE: ").append(Markdown.cell(run.incompleteReason()))
                    .append(".** The numbers below are the points that finished.\n\n");
        }
        drainWarning(run).ifPresent(w -> b.append("> [!WARNING]\n> **").append(Markdown.cell(w)).append("**\n\n"));
        b.append("**").append(Markdown.cell(headline.text())).append("**\n\n");
        b.append(Markdown.cell(subtitle(run))).append("\n\n");
        b.append(Markdown.medianTable(List.of(run)));
        java.util.stream.Stream.of(Summary.Point.CLOSED, Summary.Point.OPEN).flatMap(model -> run.stats(model).stream())
                .forEach(s -> s.noSuccess().ifPresent(none -> b.append("\n**").append(Markdown.cell(s.variant()
                        + " at " + Fmt.level(s.model(), s.level()) + ": " + none)).append(".**\n")));
        if (run.repeats() > 1) {
            b.append("\nMedians of ").append(run.repeats()).append(" repeats per variant and level.\n");
        }
        List<String> paths = criticalPaths(run);
        if (!paths.isEmpty()) {
            b.append('\n');
            paths.forEach(line -> b.append(Markdown.cell(line)).append('\n'));
        }
        b.append('\n');
        for (ChartSpec spec : specs) {
            b.append("![").append(spec.title()).append("](").append(CHARTS).append('/').append(spec.name())
                    .append(".png)\n");
        }
        singleRateNote(run, charts).ifPresent(note -> b.append('\n').append(Markdown.cell(note)).append('\n'));
        if (!charts.cpuMeasured() && !run.points().isEmpty()) {
            b.append("\nCPU was not measured (--target services).\n");
        }
        b.append(whereTimeGoes);
        b.append("\nFull report: `").append(HTML).append("` in the run folder (open it in a browser).\n");
        return b.toString();
    }
}

package dev.loadlab.lab.report;

import dev.loadlab.lab.results.Summary;
import dev.loadlab.lab.results.SummaryFiles;
import dev.loadlab.lab.run.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares runs: the first run (A) is the baseline, each other run (B, C...) is compared with it. Writes
 * {@code diff.html}, {@code diff.md} and {@code charts/} (the report's charts with the runs overlaid).
 * Refuses runs of different workloads (endpoint, upstream latency or latency profile) unless forced.
 */
public final class RunDiff {

    public static final String HTML = "diff.html";
    public static final String MARKDOWN = "diff.md";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final List<String> STROKE_NAMES = List.of("solid line, circles", "long dashes, squares",
            "dots, diamonds", "dash-dot, triangles");

    /** What was written; {@code notes} are the differences worth a line on the console. */
    public record Rendered(Path dir, Path html, Path markdown, List<String> notes) {
    }

    private RunDiff() {
    }

    /** {@code <diffsDir>/<timestamp>-<runA>-vs-<runB>[-<runC>...]}, not created yet. */
    public static Path defaultFolder(Path diffsDir, List<Path> runDirs) {
        List<String> names = runDirs.stream().map(RunDiff::folderName).toList();
        String name = names.getFirst() + "-vs-" + String.join("-", names.subList(1, names.size()));
        if (name.length() > 160) {
            name = name.substring(0, 160);
        }
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        Path dir = diffsDir.resolve(stamp + "-" + name);
        for (int i = 1; Files.exists(dir); i++) {
            dir = diffsDir.resolve(stamp + "-" + name + "-" + i);
        }
        return dir;
    }

    private static String folderName(Path runDir) {
        try {
            return runDir.toRealPath().getFileName().toString();
        } catch (IOException e) {
            return runDir.getFileName().toString();
        }
    }

    public static Rendered render(List<Path> runDirs, Path outDir, boolean force) {
        if (runDirs.size() < 2) {
            throw new LabException("diff needs at least two runs: ./lab diff <runA> <runB> [<runC>...]");
        }
        if (runDirs.size() > Palette.RUN_STROKES.size()) {
            throw new LabException("diff compares at most " + Palette.RUN_STROKES.size() + " runs at once (got "
                    + runDirs.size() + ")");
        }
        List<LoadedRun> runs = runDirs.stream().map(LoadedRun::load).toList();
        LoadedRun a = runs.getFirst();
        List<String> forced = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            List<String> refusals = refusals(a, runs.get(i));
            if (!refusals.isEmpty() && !force) {
                throw new LabException("will not compare " + a.id() + " with " + runs.get(i).id() + ": "
                        + String.join("; ", refusals) + " (different workloads; pass --force to compare anyway)");
            }
            String tag = tag(i);
            refusals.forEach(r -> forced.add(tag + " vs A: " + r));
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new LabException("cannot create " + outDir + ": " + e.getMessage(), e);
        }
        Charts charts = new Charts(runs);
        List<ChartSpec> specs = charts.all();
        List<byte[]> pngs = specs.stream().map(s -> ChartFiles.write(s, outDir.resolve(RunReport.CHARTS))).toList();
        List<List<Deltas.Row>> deltas = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            deltas.add(Deltas.between(a, runs.get(i), tag(i)));
        }
        List<String[]> differences = otherDifferences(runs);
        Path html = outDir.resolve(HTML);
        Path markdown = outDir.resolve(MARKDOWN);
        SummaryFiles.writeText(html, html(runs, charts, specs, pngs, deltas, forced, differences, outDir));
        SummaryFiles.writeText(markdown, markdown(runs, specs, deltas, forced, differences));
        List<String> notes = new ArrayList<>(forced.stream().map(f -> "forced: " + f).toList());
        differences.forEach(d -> notes.add("differs: " + d[0] + " (" + String.join(" vs ",
                List.of(d).subList(1, d.length)) + ")"));
        return new Rendered(outDir, html, markdown, notes);
    }

    static String tag(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /** Differences that make a comparison meaningless: another endpoint or another upstream latency. */
    static List<String> refusals(LoadedRun a, LoadedRun b) {
        Summary.RunConfig ca = a.summary().config();
        Summary.RunConfig cb = b.summary().config();
        List<String> reasons = new ArrayList<>();
        if (ca == null || cb == null) {
            reasons.add("the configuration of " + (ca == null ? a.id() : b.id()) + " is not recorded");
            return reasons;
        }
        if (!Objects.equals(ca.endpoint(), cb.endpoint())) {
            reasons.add("endpoint differs (/" + ca.endpoint() + " vs /" + cb.endpoint() + ")");
        }
        if (!Objects.equals(ca.latencyProfile(), cb.latencyProfile())) {
            reasons.add("upstream latency profile differs (" + ca.latencyProfile() + " vs " + cb.latencyProfile() + ")");
        }
        if (!sameLatencies(ca.upstreamLatencyMs(), cb.upstreamLatencyMs())) {
            reasons.add("upstream latency differs (" + latencies(ca.upstreamLatencyMs()) + " vs "
                    + latencies(cb.upstreamLatencyMs()) + ")");
        }
        return reasons;
    }

    private static boolean sameLatencies(Map<String, Double> a, Map<String, Double> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.keySet().stream().allMatch(k -> Math.abs(a.get(k) - b.get(k)) < 1e-6);
    }

    private static String latencies(Map<String, Double> ms) {
        return ms == null ? "unknown" : ms.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + Fmt.ms(e.getValue())).collect(Collectors.joining(", "));
    }

    /** Settings and machine facts that differ between the runs (worth knowing, not a reason to refuse). */
    static List<String[]> otherDifferences(List<LoadedRun> runs) {
        Map<String, Function<LoadedRun, String>> facts = new LinkedHashMap<>();
        facts.put("variants", r -> cfg(r, c -> String.join(", ", c.variants() == null ? List.of() : c.variants())));
        facts.put("system under test", r -> cfg(r, c -> c.embedded() ? "embedded" : "--target " + c.targets()));
        facts.put("blocking pool", r -> cfg(r, c -> c.blockingPoolSize() == null ? "–"
                : c.blockingPoolSize() + " threads, queue " + c.blockingQueueSize()));
        facts.put("concurrency levels", r -> cfg(r, c -> String.valueOf(c.concurrencyLevels())));
        facts.put("arrival rates", r -> cfg(r, c -> String.valueOf(c.arrivalRatesRps())));
        facts.put("warm-up / measured", r -> cfg(r, c -> Fmt.num(c.warmupSeconds()) + " s / "
                + Fmt.num(c.measureSeconds()) + " s"));
        facts.put("request timeout", r -> cfg(r, c -> Fmt.num(c.requestTimeoutSeconds()) + " s"));
        facts.put("repeats", r -> cfg(r, c -> String.valueOf(c.repeats())));
        facts.put("load generators", r -> cfg(r, c -> String.valueOf(c.injectors())));
        facts.put("git commit", r -> info(r, Summary.RunInfo::gitCommit));
        facts.put("JDK", r -> env(r, e -> e.jdk() + " (" + e.jdkVendor() + ")"));
        facts.put("OS", r -> env(r, Summary.Environment::os));
        facts.put("machine", r -> env(r, e -> e.cores() + " cores, " + e.memoryMb() + " MB"));
        facts.put("versions", r -> env(r, e -> e.versions() == null ? "–" : e.versions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(v -> v.getKey() + " " + v.getValue())
                .collect(Collectors.joining(", "))));
        List<String[]> rows = new ArrayList<>();
        facts.forEach((name, fact) -> {
            List<String> values = runs.stream().map(fact).toList();
            if (values.stream().distinct().count() > 1) {
                List<String> row = new ArrayList<>();
                row.add(name);
                row.addAll(values);
                rows.add(row.toArray(String[]::new));
            }
        });
        return rows;
    }

    private static String cfg(LoadedRun r, Function<Summary.RunConfig, String> f) {
        return r.summary().config() == null ? "–" : f.apply(r.summary().config());
    }

    private static String info(LoadedRun r, Function<Summary.RunInfo, String> f) {
        return r.summary().run() == null ? "–" : String.valueOf(f.apply(r.summary().run()));
    }

    private static String env(LoadedRun r, Function<Summary.Environment, String> f) {
        return r.summary().run() == null || r.summary().run().environment() == null ? "–"
                : f.apply(r.summary().run().environment());
    }

    /** "B vs A: 4 better, 1 worse, 20 within ±3%; biggest: async 512 users p99 −41%". */
    static String verdictLine(List<Deltas.Row> rows, String tag) {
        if (rows.isEmpty()) {
            return tag + " vs A: no variant and level in common, nothing to compare.";
        }
        long better = count(rows, Deltas.Verdict.BETTER);
        long worse = count(rows, Deltas.Verdict.WORSE);
        long neutral = count(rows, Deltas.Verdict.NEUTRAL);
        StringBuilder b = new StringBuilder(tag + " vs A: " + better + " numbers better, " + worse + " worse, "
                + neutral + " within ±" + Math.round(Deltas.NEUTRAL_BAND * 100) + "%");
        biggest(rows, Deltas.Verdict.WORSE).ifPresent(s -> b.append("; largest regression: ").append(s));
        biggest(rows, Deltas.Verdict.BETTER).ifPresent(s -> b.append("; largest improvement: ").append(s));
        return b.append('.').toString();
    }

    private static long count(List<Deltas.Row> rows, Deltas.Verdict verdict) {
        return rows.stream().flatMap(r -> r.deltas().stream()).filter(d -> d.verdict() == verdict).count();
    }

    private static java.util.Optional<String> biggest(List<Deltas.Row> rows, Deltas.Verdict verdict) {
        record Found(Deltas.Row row, Deltas.Delta delta) {
        }
        return rows.stream().flatMap(r -> r.deltas().stream().map(d -> new Found(r, d)))
                .filter(f -> f.delta().verdict() == verdict)
                .max(Comparator.comparingDouble(f -> f.delta().relative() == null ? Double.MAX_VALUE
                        : Math.abs(f.delta().relative())))
                .map(f -> f.row().variant() + " at " + Fmt.level(f.row().model(), f.row().level()) + ", "
                        + f.delta().metric().title + " " + f.delta().metric().format(f.delta().a()) + " → "
                        + f.delta().metric().format(f.delta().b()) + " " + f.delta().metric().unit + " ("
                        + f.delta().changeText() + ")");
    }

    // ---- HTML -----------------------------------------------------------------------------------------

    private static String html(List<LoadedRun> runs, Charts charts, List<ChartSpec> specs, List<byte[]> pngs,
                               List<List<Deltas.Row>> deltas, List<String> forced, List<String[]> differences,
                               Path outDir) {
        StringBuilder b = new StringBuilder();
        String others = String.join(", ", runs.subList(1, runs.size()).stream()
                .map(r -> tag(runs.indexOf(r))).toList());
        b.append("<h1>loadlab comparison: ").append(others).append(" vs A</h1>\n");
        b.append("<div class=\"sub\">").append(Html.esc(RunReport.subtitle(runs.getFirst()))).append("</div>\n");
        if (!forced.isEmpty()) {
            b.append("<div class=\"incomplete\" id=\"forced\">FORCED COMPARISON of different workloads: ")
                    .append(Html.esc(String.join("; ", forced))).append(". Differences below may be the workload,"
                            + " not the code.</div>\n");
        }
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).incomplete()) {
                b.append("<div class=\"incomplete\">INCOMPLETE: run ").append(tag(i)).append(" (")
                        .append(Html.esc(runs.get(i).id())).append("): ")
                        .append(Html.esc(runs.get(i).incompleteReason())).append("</div>\n");
            }
        }
        b.append("<div class=\"headline\" id=\"headline\">");
        for (int i = 0; i < deltas.size(); i++) {
            b.append(i == 0 ? "" : "<br>").append(Html.esc(verdictLine(deltas.get(i), tag(i + 1))));
        }
        b.append("</div>\n");
        b.append("<h2>Runs</h2>\n");
        List<List<String>> runRows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            LoadedRun r = runs.get(i);
            Summary.RunInfo info = r.summary().run();
            runRows.add(List.of("<b>" + tag(i) + "</b>" + (i == 0 ? " (baseline)" : ""), Html.esc(r.id()),
                    Html.esc(STROKE_NAMES.get(i)), Html.esc(info == null ? "–" : info.status()),
                    Html.esc(info == null ? "–" : info.startedAt()), Html.esc(info == null ? "–" : info.gitCommit()),
                    "<code>" + Html.esc(info == null ? "" : info.command()) + "</code>",
                    reportLink(r, outDir)));
        }
        b.append(Html.table(List.of("l:run", "l:id", "l:drawn as", "l:status", "l:started", "l:commit", "l:command",
                "l:report"), runRows));
        if (!differences.isEmpty()) {
            b.append("<h2>What else differs</h2>\n<p class=\"note\">Not reasons to refuse the comparison, but"
                    + " they can explain a difference.</p>\n");
            List<String> headers = new ArrayList<>(List.of("l:setting"));
            for (int i = 0; i < runs.size(); i++) {
                headers.add("l:" + tag(i));
            }
            b.append(Html.table(headers, differences.stream().map(d -> List.of(d).stream().map(Html::esc).toList())
                    .toList()));
        }
        b.append("<h2>Changes by variant and level</h2>\n");
        b.append("<p class=\"note\"><span class=\"better\">&nbsp;✓ better&nbsp;</span> more throughput, or less"
                + " latency, CPU or errors; <span class=\"worse\">&nbsp;✗ worse&nbsp;</span> the opposite;"
                + " <span class=\"neutral\">grey: within ±" + Math.round(Deltas.NEUTRAL_BAND * 100)
                + "%</span> (noise on a shared machine). Values are medians over repeats.</p>\n");
        for (List<Deltas.Row> rows : deltas) {
            if (rows.isEmpty()) {
                continue;
            }
            String tag = rows.getFirst().tag();
            b.append("<h3>").append(tag).append(" vs A</h3>\n").append(deltaTable(rows, tag, charts.palette()));
        }
        for (int i = 1; i < runs.size(); i++) {
            b.append(WhereTimeGoes.changesHtml(WhereTimeGoes.changes(runs.getFirst(), runs.get(i)), tag(i)));
        }
        b.append("<h2>Charts</h2>\n");
        b.append(RunReport.variantLegend(runs.stream().flatMap(r -> r.variants().stream()).distinct().toList(),
                charts.palette()));
        b.append("<p class=\"note\">Runs: ");
        for (int i = 0; i < runs.size(); i++) {
            b.append(i == 0 ? "" : "; ").append("<b>").append(tag(i)).append("</b> ").append(STROKE_NAMES.get(i));
        }
        b.append(".</p>\n");
        b.append(RunReport.figures(specs, pngs));
        b.append("<h2>Medians per run</h2>\n").append(RunReport.medianTable(runs, charts.palette()));
        b.append("<footer>Written by <code>./lab diff</code> from the runs' summary.json and histograms/.</footer>\n");
        return Html.page("loadlab comparison · " + runs.stream().map(LoadedRun::id).collect(Collectors.joining(" vs ")),
                b.toString());
    }

    private static String reportLink(LoadedRun run, Path outDir) {
        Path report = run.dir().resolve(RunReport.HTML);
        if (!Files.isRegularFile(report)) {
            return "<span class=\"neutral\">not rendered yet</span>";
        }
        String href;
        try {
            href = outDir.toRealPath().relativize(report).toString().replace('\\', '/');
        } catch (IOException | IllegalArgumentException e) {
            href = report.toUri().toString();
        }
        return "<a href=\"" + Html.esc(href) + "\">report.html</a>";
    }

    private static String deltaTable(List<Deltas.Row> rows, String tag, Palette palette) {
        List<String> headers = new ArrayList<>(List.of("l:variant", "l:model", "level"));
        for (Deltas.Metric m : Deltas.Metric.values()) {
            headers.add(Html.esc(m.title + ", " + m.unit) + "<br><span class=\"neutral\">A → " + tag + "</span>");
            headers.add("change");
        }
        List<List<String>> out = new ArrayList<>();
        for (Deltas.Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(Html.swatch(palette.of(row.variant())) + Html.esc(row.variant()),
                    row.model(), Fmt.levelShort(row.model(), row.level())));
            for (Deltas.Delta d : row.deltas()) {
                cells.add(d.metric().format(d.a()) + " → " + d.metric().format(d.b()));
                String mark = switch (d.verdict()) {
                    case BETTER -> " ✓";
                    case WORSE -> " ✗";
                    default -> "";
                };
                cells.add("<td class=\"" + d.verdict().css + "\" data-metric=\"" + d.metric().name().toLowerCase()
                        + "\" data-variant=\"" + Html.esc(row.variant()) + "\" data-level=\""
                        + Fmt.levelShort(row.model(), row.level()) + "\">" + Html.esc(d.changeText()) + mark + "</td>");
            }
            out.add(cells);
        }
        return Html.table(headers, out);
    }

    // ---- Markdown -------------------------------------------------------------------------------------

    private static String markdown(List<LoadedRun> runs, List<ChartSpec> specs, List<List<Deltas.Row>> deltas,
                                   List<String> forced, List<String[]> differences) {
        StringBuilder b = new StringBuilder("## loadlab comparison\n\n");
        for (int i = 0; i < runs.size(); i++) {
            b.append("- **").append(tag(i)).append("**").append(i == 0 ? " (baseline)" : "").append(": `")
                    .append(runs.get(i).id()).append("`").append(runs.get(i).incomplete() ? " — **INCOMPLETE: "
                            + Markdown.cell(runs.get(i).incompleteReason()) + "**" : "").append('\n');
        }
        b.append('\n');
        if (!forced.isEmpty()) {
            b.append("> [!WARNING]\n> **Forced comparison of different workloads:** ")
                    .append(Markdown.cell(String.join("; ", forced))).append("\n\n");
        }
        for (int i = 0; i < deltas.size(); i++) {
            b.append("**").append(Markdown.cell(verdictLine(deltas.get(i), tag(i + 1)))).append("**\n\n");
        }
        if (!differences.isEmpty()) {
            b.append("Also different: ").append(differences.stream().map(d -> d[0]).collect(Collectors.joining(", ")))
                    .append(".\n\n");
        }
        for (List<Deltas.Row> rows : deltas) {
            if (rows.isEmpty()) {
                continue;
            }
            String tag = rows.getFirst().tag();
            b.append("### ").append(tag).append(" vs A\n\n| variant | model | level |");
            for (Deltas.Metric m : Deltas.Metric.values()) {
                b.append(' ').append(m.title).append(", ").append(m.unit).append(" (A → ").append(tag).append(") |");
            }
            b.append("\n| --- | --- | ---: |").append(" ---: |".repeat(Deltas.Metric.values().length)).append('\n');
            for (Deltas.Row row : rows) {
                b.append("| ").append(Markdown.cell(row.variant())).append(" | ").append(row.model()).append(" | ")
                        .append(Fmt.levelShort(row.model(), row.level())).append(" |");
                for (Deltas.Delta d : row.deltas()) {
                    String mark = switch (d.verdict()) {
                        case BETTER -> "🟢 ";
                        case WORSE -> "🔴 ";
                        default -> "";
                    };
                    b.append(' ').append(d.metric().format(d.a())).append(" → ").append(d.metric().format(d.b()))
                            .append(" ").append(mark).append(d.changeText()).append(" |");
                }
                b.append('\n');
            }
            b.append("\n🟢 better, 🔴 worse; no mark: within ±").append(Math.round(Deltas.NEUTRAL_BAND * 100))
                    .append("%.\n\n");
        }
        for (int i = 1; i < runs.size(); i++) {
            b.append(WhereTimeGoes.changesMarkdown(WhereTimeGoes.changes(runs.getFirst(), runs.get(i)), tag(i)));
        }
        for (ChartSpec spec : specs) {
            b.append("![").append(spec.title()).append("](").append(RunReport.CHARTS).append('/').append(spec.name())
                    .append(".png)\n");
        }
        b.append("\nFull comparison: `").append(HTML).append("`.\n");
        return b.toString();
    }
}

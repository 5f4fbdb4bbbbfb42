package dev.loadlab.lab.report;

import java.util.List;

/** GitHub-flavoured markdown pieces shared by report.md and diff.md. */
final class Markdown {

    private Markdown() {
    }

    /** Text safe inside a table cell or a paragraph: no pipes, no line breaks. */
    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    static String medianTable(List<LoadedRun> runs) {
        boolean several = runs.size() > 1;
        boolean perReplica = runs.stream().anyMatch(r -> r.replicas() > 1);
        StringBuilder b = new StringBuilder();
        b.append(several ? "| run " : "").append("| variant | model | level | req/s |")
                .append(perReplica ? " req/s per replica |" : "").append(" bound req/s | of bound | p50 ms |"
                + " p99 ms | errors | service µs/req | stub µs/req |\n");
        b.append(several ? "| --- " : "").append("| --- | --- | ---: | ---: |").append(perReplica ? " ---: |" : "")
                .append(" ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (LevelStats.OfRun r : LevelStats.interleaved(runs)) {
            LevelStats s = r.stats();
            String model = s.model();
            if (several) {
                b.append("| ").append((char) ('A' + r.run())).append(' ');
            }
            b.append("| ").append(cell(s.variant())).append(" | ").append(model).append(" | ")
                    .append(Fmt.levelShort(model, s.level())).append(" | ").append(Fmt.num(s.throughputRps()))
                    .append(perReplica ? " | " + Fmt.num(s.throughputRps() / runs.get(r.run()).replicas()) : "")
                    .append(" | ").append(Fmt.num(s.littleRps())).append(" | ")
                    .append(Fmt.pct(s.littleRps() > 0 ? s.throughputRps() / s.littleRps() : 0)).append(" | ")
                    .append(Fmt.latency(s, s.p50Ms())).append(" | ").append(Fmt.latency(s, s.p99Ms())).append(" | ")
                    .append(Fmt.errorPct(s.errorPct())).append(" | ").append(Fmt.num(s.serviceUsPerRequest()))
                    .append(" | ").append(Fmt.num(s.stubUsPerRequest())).append(" |\n");
        }
        return b.toString();
    }
}

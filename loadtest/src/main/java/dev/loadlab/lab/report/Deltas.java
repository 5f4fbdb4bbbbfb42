package dev.loadlab.lab.report;

import dev.loadlab.lab.results.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Per variant and level, how a run differs from the baseline run A: throughput, p50, p99, service CPU per
 * request and error rate, each with its relative change and a verdict. Better means more throughput, or
 * less latency, CPU or errors; a change within ±3% is neutral (run-to-run noise on a shared machine).
 */
final class Deltas {

    static final double NEUTRAL_BAND = 0.03;
    /** Error rates closer than this (percentage points) are the same. */
    static final double ERROR_FLOOR_PP = 0.01;

    enum Verdict {
        BETTER("better"), WORSE("worse"), NEUTRAL("neutral"), NONE("neutral");

        final String css;

        Verdict(String css) {
            this.css = css;
        }
    }

    /** A compared quantity: its column title, unit, and which direction is better. */
    enum Metric {
        THROUGHPUT("throughput", "req/s", true, LevelStats::throughputRps),
        P50("p50", "ms", false, LevelStats::p50Ms),
        P99("p99", "ms", false, LevelStats::p99Ms),
        CPU("service CPU", "µs/req", false, LevelStats::serviceUsPerRequest),
        ERRORS("errors", "%", false, LevelStats::errorPct);

        final String title;
        final String unit;
        final boolean higherIsBetter;
        final Function<LevelStats, Double> value;

        Metric(String title, String unit, boolean higherIsBetter, Function<LevelStats, Double> value) {
            this.title = title;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
            this.value = value;
        }

        String format(Double v) {
            if (v == null) {
                return "–";
            }
            return this == ERRORS ? Fmt.errorPct(v) : Fmt.num(v);
        }
    }

    /** One metric's change: {@code relative} is (b − a) / a, null when a is zero or a value is missing. */
    record Delta(Metric metric, Double a, Double b, Double relative, Verdict verdict) {

        String changeText() {
            if (a == null || b == null) {
                return "–";
            }
            if (relative != null) {
                return Fmt.change(relative);
            }
            if (b.equals(a)) {
                return "±0";
            }
            return metric == Metric.ERRORS ? String.format(java.util.Locale.ROOT, "%+.2f pp", b - a) : "new";
        }
    }

    /** The deltas of one (variant, model, level) between run A and run {@code tag}. */
    record Row(String tag, String variant, String model, double level, List<Delta> deltas) {

        Delta get(Metric metric) {
            return deltas.stream().filter(d -> d.metric() == metric).findFirst().orElseThrow();
        }
    }

    private Deltas() {
    }

    /** Rows for every (variant, model, level) that both runs measured: A's variant order, closed first, level. */
    static List<Row> between(LoadedRun a, LoadedRun b, String tag) {
        List<Row> rows = new ArrayList<>();
        for (String variant : a.variants()) {
            for (String model : List.of(Summary.Point.CLOSED, Summary.Point.OPEN)) {
                for (LevelStats sa : a.stats(model, variant)) {
                    Optional<LevelStats> sb = b.stat(model, variant, sa.level());
                    if (sb.isEmpty()) {
                        continue;
                    }
                    List<Delta> deltas = new ArrayList<>();
                    for (Metric metric : Metric.values()) {
                        deltas.add(delta(metric, metric.value.apply(sa), metric.value.apply(sb.get())));
                    }
                    rows.add(new Row(tag, variant, model, sa.level(), deltas));
                }
            }
        }
        return rows;
    }

    static Delta delta(Metric metric, Double a, Double b) {
        if (a == null || b == null) {
            return new Delta(metric, a, b, null, Verdict.NONE);
        }
        double diff = b - a;
        if (metric == Metric.ERRORS && Math.abs(diff) < ERROR_FLOOR_PP) {
            return new Delta(metric, a, b, a == 0 ? null : diff / Math.abs(a), Verdict.NEUTRAL);
        }
        Double relative = a == 0 ? null : diff / Math.abs(a);
        Verdict verdict;
        if (diff == 0 || (relative != null && Math.abs(relative) < NEUTRAL_BAND)) {
            verdict = Verdict.NEUTRAL;
        } else {
            verdict = (diff > 0) == metric.higherIsBetter ? Verdict.BETTER : Verdict.WORSE;
        }
        return new Delta(metric, a, b, relative, verdict);
    }
}

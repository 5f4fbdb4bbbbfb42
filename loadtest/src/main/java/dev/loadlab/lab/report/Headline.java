package dev.loadlab.lab.report;

import dev.loadlab.lab.results.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The report's first sentence, computed from the data alone. Preferred form: at the highest closed level
 * where blocking and a non-blocking variant (async if present, else the fastest) both ran, the throughput
 * ratio, the efficiency against Little's law, and whether blocking sat at its pool bound. It degrades to a
 * per-variant sentence without blocking (e.g. --target runs), to the open model without closed points. A variant
 * with no successful response at that level says so with its failure causes, never "0 req/s" or "p99 0 ms".
 *
 * @param text       the sentence(s)
 * @param level      the load level the sentence is about, null when there were no points
 * @param ratio      best non-blocking throughput ÷ blocking throughput at that level, when both exist
 * @param efficiency the best variant's throughput ÷ its Little's-law bound, when there is a best variant
 */
record Headline(String text, Double level, Double ratio, Double efficiency) {

    static final String BLOCKING = "blocking";
    static final String ASYNC = "async";
    /** Within this share of the pool bound, blocking counts as saturated at it. */
    static final double AT_BOUND = 0.10;

    static Headline of(LoadedRun run) {
        String repeats = run.repeats() > 1 ? " (medians of " + run.repeats() + " repeats)" : "";
        List<LevelStats> closed = run.stats(Summary.Point.CLOSED);
        if (!closed.isEmpty()) {
            Optional<Headline> versus = blockingVersusBest(closed, repeats);
            return versus.orElseGet(() -> perVariant(closed, Summary.Point.CLOSED, repeats));
        }
        List<LevelStats> open = run.stats(Summary.Point.OPEN);
        if (!open.isEmpty()) {
            return perVariant(open, Summary.Point.OPEN, repeats);
        }
        return new Headline("No load point was measured, so there is nothing to compare yet.", null, null, null);
    }

    private static Optional<Headline> blockingVersusBest(List<LevelStats> closed, String repeats) {
        Optional<Double> level = closed.stream().filter(s -> s.variant().equals(BLOCKING)).map(LevelStats::level)
                .filter(l -> closed.stream().anyMatch(s -> s.level() == l && !s.variant().equals(BLOCKING)))
                .max(Double::compare);
        if (level.isEmpty()) {
            return Optional.empty();
        }
        double l = level.get();
        List<LevelStats> atLevel = closed.stream().filter(s -> s.level() == l).toList();
        LevelStats blocking = atLevel.stream().filter(s -> s.variant().equals(BLOCKING)).findFirst().orElseThrow();
        List<LevelStats> others = atLevel.stream().filter(s -> !s.variant().equals(BLOCKING)).toList();
        LevelStats best = others.stream().filter(s -> s.variant().equals(ASYNC)).findFirst()
                .orElseGet(() -> others.stream().max(Comparator.comparingDouble(LevelStats::throughputRps))
                        .orElseThrow());
        if (best.noSuccess().isPresent()) {
            return Optional.empty(); // nothing to compare blocking with: each variant says what it did
        }

        StringBuilder text = new StringBuilder("At ").append(Fmt.num(l)).append(" concurrent users ");
        Double ratio = null;
        Optional<String> blockingFailed = blocking.noSuccess();
        if (blockingFailed.isPresent()) {
            text.append(best.variant()).append(" served ").append(Fmt.rps(best.throughputRps()))
                    .append(" while blocking had ").append(blockingFailed.get());
        } else if (blocking.throughputRps() > 0) {
            ratio = best.throughputRps() / blocking.throughputRps();
            text.append(best.variant()).append(" served ").append(Fmt.times(ratio))
                    .append(" the throughput of blocking (").append(Fmt.num(best.throughputRps())).append(" vs ")
                    .append(Fmt.rps(blocking.throughputRps())).append(")");
        } else {
            text.append(best.variant()).append(" served ").append(Fmt.rps(best.throughputRps()))
                    .append(" while blocking served none");
        }
        double efficiency = efficiency(best);
        text.append(", at ").append(Fmt.pct(efficiency)).append(" of the Little's-law bound");
        if (blockingFailed.isEmpty()) {
            poolClause(blocking).ifPresent(text::append);
        }
        text.append(". p99 latency: ").append(best.variant()).append(' ').append(Fmt.ms(best.p99Ms()));
        if (blockingFailed.isEmpty()) {
            text.append(", blocking ").append(Fmt.ms(blocking.p99Ms()));
        }
        errorsClause(blockingFailed.isEmpty() ? List.of(best, blocking) : List.of(best)).ifPresent(text::append);
        text.append(repeats).append('.');
        List<String> rest = new ArrayList<>();
        for (LevelStats other : others) {
            if (other != best) {
                rest.add(other.noSuccess().map(none -> other.variant() + " had " + none)
                        .orElseGet(() -> other.variant() + " " + Fmt.rps(other.throughputRps()) + " ("
                                + Fmt.pct(efficiency(other)) + " of the bound, p99 " + Fmt.ms(other.p99Ms()) + ")"));
            }
        }
        if (!rest.isEmpty()) {
            text.append(" At the same level: ").append(String.join("; ", rest)).append('.');
        }
        return Optional.of(new Headline(text.toString(), l, ratio, efficiency));
    }

    /** "blocking saturated at its pool bound of 320 req/s", or why it did not. */
    private static Optional<String> poolClause(LevelStats blocking) {
        Double pool = blocking.poolRps();
        if (pool == null || pool <= 0) {
            return Optional.empty();
        }
        double share = blocking.throughputRps() / pool;
        if (Math.abs(share - 1) <= AT_BOUND) {
            return Optional.of("; blocking saturated at its pool bound of " + Fmt.rps(pool));
        }
        if (blocking.littleRps() < pool) {
            return Optional.of("; blocking was below its pool bound of " + Fmt.rps(pool)
                    + " because at this level the Little's-law bound (" + Fmt.rps(blocking.littleRps())
                    + ") is lower");
        }
        return Optional.of("; blocking reached " + Fmt.pct(share) + " of its pool bound of " + Fmt.rps(pool));
    }

    private static Optional<String> errorsClause(List<LevelStats> stats) {
        List<String> failing = stats.stream().filter(s -> s.errorPct() > 0)
                .map(s -> s.variant() + " " + Fmt.errorPct(s.errorPct())).toList();
        return failing.isEmpty() ? Optional.empty() : Optional.of("; errors: " + String.join(", ", failing));
    }

    /** Without blocking (or without a second variant): each variant's numbers at the highest level. */
    private static Headline perVariant(List<LevelStats> stats, String model, String repeats) {
        double l = stats.stream().mapToDouble(LevelStats::level).max().orElseThrow();
        List<LevelStats> atLevel = stats.stream().filter(s -> s.level() == l).toList();
        boolean closed = Summary.Point.CLOSED.equals(model);
        List<String> parts = new ArrayList<>();
        for (LevelStats s : atLevel) {
            Optional<String> none = s.noSuccess();
            if (none.isPresent()) {
                parts.add(s.variant() + " had " + none.get());
                continue;
            }
            String part = s.variant() + " served " + Fmt.rps(s.throughputRps());
            if (closed) {
                part += " (" + Fmt.pct(efficiency(s)) + " of the Little's-law bound), p99 " + Fmt.ms(s.p99Ms());
            } else {
                part += ", p99 " + Fmt.ms(s.p99Ms()) + ", " + Fmt.errorPct(s.errorPct()) + " errors";
            }
            parts.add(part);
        }
        String where = closed ? "At " + Fmt.num(l) + " concurrent users" : "At an offered rate of " + Fmt.rps(l);
        LevelStats best = atLevel.stream().max(Comparator.comparingDouble(LevelStats::throughputRps)).orElseThrow();
        return new Headline(where + ": " + String.join("; ", parts) + repeats + ".", l, null,
                closed && best.noSuccess().isEmpty() ? efficiency(best) : null);
    }

    private static double efficiency(LevelStats s) {
        return s.littleRps() > 0 ? s.throughputRps() / s.littleRps() : s.efficiency();
    }
}

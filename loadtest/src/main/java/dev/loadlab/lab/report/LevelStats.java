package dev.loadlab.lab.report;

import dev.loadlab.lab.results.PointNotes;
import dev.loadlab.lab.results.Summary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One variant at one load level: the median over its repeats of every measured number (each number's own
 * median, so with repeats the p99 shown is the median p99). With one repeat these are the point's numbers.
 * Requests and their failure causes are added up over the repeats.
 */
record LevelStats(String variant, String model, double level, int repeats, double throughputRps, double p50Ms,
                  double p90Ms, double p99Ms, double p999Ms, double errorPct, Double serviceUsPerRequest,
                  Double stubUsPerRequest, double littleRps, Double poolRps, double criticalPathMs,
                  double efficiency, long ok, long ko, Map<String, Long> koByCause) {

    static LevelStats of(Collection<Summary.Point> repeats) {
        List<Summary.Point> points = List.copyOf(repeats);
        Summary.Point first = points.getFirst();
        return new LevelStats(first.variant(), first.model(), first.level(), points.size(),
                median(points, p -> p.throughputRps()),
                median(points, p -> p.latencyMs() == null ? null : p.latencyMs().p50()),
                median(points, p -> p.latencyMs() == null ? null : p.latencyMs().p90()),
                median(points, p -> p.latencyMs() == null ? null : p.latencyMs().p99()),
                median(points, p -> p.latencyMs() == null ? null : p.latencyMs().p999()),
                median(points, LevelStats::errorPct),
                medianOrNull(points, p -> p.cpu() == null ? null : p.cpu().serviceUsPerRequest()),
                medianOrNull(points, p -> p.cpu() == null ? null : p.cpu().stubUsPerRequest()),
                median(points, p -> p.bound() == null ? null : p.bound().littleRps()),
                medianOrNull(points, p -> p.bound() == null ? null : p.bound().poolRps()),
                median(points, p -> p.bound() == null ? null : p.bound().criticalPathMs()),
                median(points, p -> p.bound() == null ? null : p.bound().efficiency()),
                points.stream().mapToLong(p -> p.requests() == null ? 0 : p.requests().ok()).sum(),
                points.stream().mapToLong(p -> p.requests() == null ? 0 : p.requests().ko()).sum(),
                koByCause(points));
    }

    /** "no successful responses: 236 timeouts" when not one request of any repeat succeeded. */
    Optional<String> noSuccess() {
        return PointNotes.noSuccess(new Summary.Requests(ok, ko, koByCause));
    }

    private static Map<String, Long> koByCause(List<Summary.Point> points) {
        Map<String, Long> causes = new TreeMap<>();
        points.stream().filter(p -> p.requests() != null && p.requests().koByCause() != null)
                .forEach(p -> p.requests().koByCause().forEach((cause, n) -> causes.merge(cause, n, Long::sum)));
        return causes;
    }

    /** One row of a table over several runs: the run's index (A = 0) and its stats. */
    record OfRun(int run, LevelStats stats) {
    }

    /**
     * Every run's medians, interleaved so the runs' rows of one variant and level sit next to each other:
     * variant order (of the runs together), closed before open, level, then run.
     */
    static List<OfRun> interleaved(List<LoadedRun> runs) {
        List<String> variants = runs.stream().flatMap(r -> r.variants().stream()).distinct().toList();
        List<OfRun> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (String model : List.of(Summary.Point.CLOSED, Summary.Point.OPEN)) {
                for (LevelStats s : runs.get(i).stats(model)) {
                    rows.add(new OfRun(i, s));
                }
            }
        }
        rows.sort(java.util.Comparator.<OfRun>comparingInt(r -> variants.indexOf(r.stats().variant()))
                .thenComparingInt(r -> r.stats().closed() ? 0 : 1)
                .thenComparingDouble(r -> r.stats().level())
                .thenComparingInt(OfRun::run));
        return rows;
    }

    /** Failed requests as a share of all requests sent in the window, in percent. */
    static double errorPct(Summary.Point p) {
        if (p.requests() == null || p.requests().total() == 0) {
            return 0;
        }
        return 100.0 * p.requests().ko() / p.requests().total();
    }

    boolean closed() {
        return Summary.Point.CLOSED.equals(model);
    }

    private static double median(List<Summary.Point> points, Function<Summary.Point, Double> value) {
        Double m = medianOrNull(points, value);
        return m == null ? 0 : m;
    }

    private static Double medianOrNull(List<Summary.Point> points, Function<Summary.Point, Double> value) {
        List<Double> values = new ArrayList<>(points.stream().map(value).filter(Objects::nonNull).toList());
        if (values.isEmpty()) {
            return null;
        }
        values.sort(Double::compare);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}

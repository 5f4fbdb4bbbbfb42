package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.LabException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much a process statistic may grow before the scenario calls it a leak: an absolute allowance and a relative
 * one (of the starting value), whichever is larger. Defaults are stated in every report and in {@code --help};
 * {@code --max-growth METRIC=LIMIT} changes one part ({@code heap=24MB}, {@code rss=15%}, {@code threads=4}).
 */
final class GrowthLimits {

    /** One metric's allowance; {@code unit} is {@code MB} or empty (a count). */
    record Limit(String metric, double absolute, double relative, String unit) {

        double allowed(double baseline) {
            return Math.max(absolute, relative * Math.abs(baseline));
        }

        String describe() {
            String abs = Checks.num(absolute) + (unit.isEmpty() ? "" : " " + unit);
            return relative > 0 ? "+" + abs + " or +" + Checks.num(relative * 100) + "%, whichever is larger" : "+" + abs;
        }
    }

    static final String THREADS = "threads";
    static final String FDS = "fds";
    static final String CONNECTIONS = "connections";
    static final String RSS = "rss";
    static final String HEAP = "heap";

    /** The defaults, as reports state them. */
    static final String DEFAULTS_TEXT = "threads +8, fds +32, connections +16 or +25%, rss +64 MB or +10%,"
            + " heap +16 MB or +20% (whichever is larger)";
    /** The same for picocli's --help, which formats descriptions (a percent sign is written %%). */
    static final String DEFAULTS_HELP = "threads +8, fds +32, connections +16 or +25%%, rss +64 MB or +10%%,"
            + " heap +16 MB or +20%% (whichever is larger)";

    private final Map<String, Limit> limits;

    private GrowthLimits(Map<String, Limit> limits) {
        this.limits = limits;
    }

    static GrowthLimits defaults() {
        Map<String, Limit> limits = new LinkedHashMap<>();
        limits.put(THREADS, new Limit(THREADS, 8, 0, ""));
        limits.put(FDS, new Limit(FDS, 32, 0, ""));
        limits.put(CONNECTIONS, new Limit(CONNECTIONS, 16, 0.25, ""));
        limits.put(RSS, new Limit(RSS, 64, 0.10, "MB"));
        limits.put(HEAP, new Limit(HEAP, 16, 0.20, "MB"));
        return new GrowthLimits(limits);
    }

    /** The defaults with {@code METRIC=N}, {@code METRIC=NMB} or {@code METRIC=N%} applied. */
    static GrowthLimits parse(Map<String, String> overrides) {
        GrowthLimits result = defaults();
        overrides.forEach((metric, text) -> {
            Limit limit = result.limits.get(metric);
            if (limit == null) {
                throw new LabException("--max-growth " + metric + " is not a metric: use one of " + result.limits.keySet());
            }
            String value = text.trim().toUpperCase(Locale.ROOT);
            try {
                if (value.endsWith("%")) {
                    double relative = Double.parseDouble(value.substring(0, value.length() - 1)) / 100;
                    check(relative >= 0);
                    result.limits.put(metric, new Limit(metric, limit.absolute(), relative, limit.unit()));
                } else {
                    double absolute = Double.parseDouble(value.endsWith("MB") ? value.substring(0, value.length() - 2)
                            : value);
                    check(absolute >= 0);
                    result.limits.put(metric, new Limit(metric, absolute, limit.relative(), limit.unit()));
                }
            } catch (IllegalArgumentException e) {
                throw new LabException("--max-growth " + metric + "=" + text + " is not a limit: use e.g. "
                        + metric + "=" + ("rss".equals(metric) || "heap".equals(metric) ? "32MB" : "8") + " or "
                        + metric + "=20%");
            }
        });
        return result;
    }

    private static void check(boolean condition) {
        if (!condition) {
            throw new IllegalArgumentException("negative");
        }
    }

    Limit get(String metric) {
        return limits.get(metric);
    }

    /** Every limit as stated in the report. */
    Map<String, String> describe() {
        Map<String, String> text = new LinkedHashMap<>();
        limits.forEach((metric, limit) -> text.put(metric, limit.describe()));
        return text;
    }

    /** A growth check: passes when {@code after - before} is within the metric's allowance. */
    ReliabilityResult.Check check(String name, String variant, String metric, double before, double after) {
        Limit limit = limits.get(metric);
        if (Double.isNaN(before) || Double.isNaN(after)) {
            return new ReliabilityResult.Check(name, variant, "not measured (" + (Double.isNaN(before) ? "before"
                    : "after") + " is missing)", limit.describe(), false);
        }
        double growth = after - before;
        double allowed = limit.allowed(before);
        String unit = limit.unit().isEmpty() ? "" : " " + limit.unit();
        return new ReliabilityResult.Check(name, variant,
                Checks.num(before) + unit + " → " + Checks.num(after) + unit + " (" + (growth >= 0 ? "+" : "")
                        + Checks.num(growth) + unit + ")",
                "≤ +" + Checks.num(allowed) + unit + (limit.relative() > 0 ? " (" + limit.describe() + ")" : ""),
                growth <= allowed);
    }

    /** Medians of the first and the last third of a series: robust ends for a trend. */
    static double[] ends(List<Double> values) {
        int third = Math.max(1, values.size() / 3);
        return new double[] {median(values.subList(0, third)), median(values.subList(values.size() - third,
                values.size()))};
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}

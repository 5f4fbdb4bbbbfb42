package dev.loadlab.lab.report;

import dev.loadlab.lab.results.Summary;
import java.util.Locale;

/** Numbers as a person reads them: grouped thousands, few decimals, units spelled the same everywhere. */
final class Fmt {

    private Fmt() {
    }

    /** 1,268 for large values, 12.5 and 0.42 for small ones. */
    static String num(double v) {
        double abs = Math.abs(v);
        if (abs >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String num(Double v) {
        return v == null ? "–" : num(v.doubleValue());
    }

    /** A latency of a level, or "–" when none of its requests succeeded (there is no latency, not 0 ms). */
    static String latency(LevelStats s, double ms) {
        return s.noSuccess().isPresent() ? "–" : num(ms);
    }

    static String rps(double v) {
        return num(v) + " req/s";
    }

    static String ms(double v) {
        return num(v) + " ms";
    }

    /** 0.9712 -> "97%". */
    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    /** An error rate already in percent: "0%", "0.04%", "12.5%". */
    static String errorPct(double percent) {
        if (percent == 0) {
            return "0%";
        }
        if (percent < 0.1) {
            return String.format(Locale.ROOT, "%.2f%%", percent);
        }
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /** A relative change: "+3.2%", "−12%". */
    static String change(double relative) {
        double p = relative * 100;
        if (Math.abs(p) < 0.05) {
            return "±0%";
        }
        String sign = p > 0 ? "+" : p < 0 ? "−" : "±";
        double abs = Math.abs(p);
        return sign + (abs >= 10 ? String.format(Locale.ROOT, "%.0f%%", abs) : String.format(Locale.ROOT, "%.1f%%", abs));
    }

    /** 4.03 -> "4.0×", 12.6 -> "13×". */
    static String times(double ratio) {
        return (ratio >= 10 ? String.format(Locale.ROOT, "%.0f", ratio) : String.format(Locale.ROOT, "%.1f", ratio))
                + "×";
    }

    /** A load level: "512 users" (closed) or "800 req/s offered" (open). */
    static String level(String model, double level) {
        return Summary.Point.CLOSED.equals(model) ? num(level) + " users" : num(level) + " req/s offered";
    }

    /** A short load level for table cells: "512" or "800/s". */
    static String levelShort(String model, double level) {
        return Summary.Point.CLOSED.equals(model) ? num(level) : num(level) + "/s";
    }
}

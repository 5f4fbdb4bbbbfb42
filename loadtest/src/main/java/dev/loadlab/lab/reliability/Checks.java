package dev.loadlab.lab.reliability;

import dev.loadlab.lab.results.ReliabilityResult;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.LoadParameters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Small helpers the scenarios share: number formatting, option parsing, the console summary. */
final class Checks {

    private Checks() {
    }

    static ReliabilityResult.Check of(String name, String variant, String measured, String limit, boolean passed) {
        return new ReliabilityResult.Check(name, variant, measured, limit, passed);
    }

    /** 12, 12.5, 0.42: few decimals, no grouping (these also go into JSON text). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String ms(double v) {
        return num(v) + " ms";
    }

    static String causes(Map<String, Long> causes) {
        return causes.isEmpty() ? "none" : causes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static Duration duration(String option, String text) {
        try {
            return LoadParameters.duration(text);
        } catch (IllegalArgumentException e) {
            throw new LabException(option + " " + e.getMessage());
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new LabException(message);
        }
    }

    /** Prints every check, one line each, and the verdict. */
    static void print(List<ReliabilityResult.Check> checks, PrintStream out) {
        out.println();
        for (ReliabilityResult.Check c : checks) {
            out.printf("%s %-22s %-9s %s   [limit %s]%n", c.passed() ? "PASS" : "FAIL", c.name(),
                    c.variant() == null ? "" : c.variant(), c.measured(), c.limit());
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "all " + checks.size() + " checks passed"
                : failed + " of " + checks.size() + " checks FAILED");
    }
}

package dev.loadlab.lab.gate;

/**
 * The outcome of one rule on one subject (a mode at a level, or the whole run): what was expected, what was
 * measured, and the margin (positive = inside the rule, negative = by how much it is broken).
 *
 * @param subject e.g. {@code async @ 64 users}; null for rules over the whole run
 * @param detail  how the measurement was made (trials, p-value, interval, baseline source)
 */
public record Verdict(String rule, String subject, Status status, String expected, String measured, String margin,
                      String detail, Double expectedValue, Double measuredValue, Double marginValue, String unit) {

    /** PASS and WARN let the gate pass; FAIL fails it (exit 1); ERROR means it could not judge (exit 2). */
    public enum Status { PASS, WARN, SKIP, FAIL, ERROR }

    /** The rule and its subject, e.g. {@code throughput-vs-baseline[async@64]}: a JUnit test case name. */
    public String name() {
        return subject == null ? rule : rule + "[" + subject.replace(" users", "").replace(" @ ", "@") + "]";
    }

    public static Verdict error(String rule, String subject, String problem) {
        return new Verdict(rule, subject, Status.ERROR, "-", "not measurable", "-", problem, null, null, null, null);
    }

    public static Verdict skip(String rule, String subject, String why) {
        return new Verdict(rule, subject, Status.SKIP, "-", "-", "-", why, null, null, null, null);
    }
}

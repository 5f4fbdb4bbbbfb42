package dev.loadlab.lab.gate;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.loadlab.lab.gate.GateRules.StatisticsSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One rule of a rules file ({@code type} picks the kind). Three families:
 * <ul>
 *   <li>SLOs: {@code no-failures}, {@code p99-within-upstream};</li>
 *   <li>model rules, judged within one run so machine speed cancels out: {@code efficiency} (against the
 *       Little's-law bound), {@code throughput-ratio} (one mode against another);</li>
 *   <li>{@code baseline}: a metric of B against the baseline over repeated trials ({@link Statistics});</li>
 *   <li>evidence from inside the JVM: {@code pinning} (JFR's {@code jdk.VirtualThreadPinned} events of B).</li>
 * </ul>
 * A rule names the mode(s) and closed-model levels it judges; together the rules are the gate's run plan.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Rule.NoFailures.class, name = "no-failures"),
        @JsonSubTypes.Type(value = Rule.P99WithinUpstream.class, name = "p99-within-upstream"),
        @JsonSubTypes.Type(value = Rule.Efficiency.class, name = "efficiency"),
        @JsonSubTypes.Type(value = Rule.ThroughputRatio.class, name = "throughput-ratio"),
        @JsonSubTypes.Type(value = Rule.Baseline.class, name = "baseline"),
        @JsonSubTypes.Type(value = Rule.Pinning.class, name = "pinning")})
public sealed interface Rule {

    String id();

    String description();

    /** The points the rule needs measured. */
    Set<Need> needs();

    /** Null when the rule is usable, else what is wrong with it. */
    String problem();

    List<Verdict> evaluate(GateData data, StatisticsSettings statistics);

    /**
     * A point the gate must measure: a mode at a closed-model level; {@code compared} when a baseline rule
     * compares it (then it runs every repeat, and on both sides in an A/B run).
     */
    record Need(String mode, int concurrency, boolean compared) {
    }

    /** SLO: no request of the build under test failed (any status but 200, timeout, connection error). */
    record NoFailures(String id, String description) implements Rule {

        @Override
        public Set<Need> needs() {
            return Set.of();
        }

        @Override
        public String problem() {
            return null;
        }

        @Override
        public List<Verdict> evaluate(GateData data, StatisticsSettings statistics) {
            List<Trial> head = data.head();
            if (head.isEmpty()) {
                return List.of(Verdict.error(id, null, "the run has no closed-model points of the build under test"));
            }
            long failed = head.stream().mapToLong(Trial::ko).sum();
            long total = failed + head.stream().mapToLong(Trial::ok).sum();
            String detail = failed == 0
                    ? "all " + total + " requests of " + head.size() + " points answered 200"
                    : "failed: " + head.stream().filter(t -> t.ko() > 0)
                    .map(t -> t.pointId() + " " + t.ko() + " " + t.koByCause()).collect(Collectors.joining(", "));
            return List.of(new Verdict(id, null, failed == 0 ? Verdict.Status.PASS : Verdict.Status.FAIL,
                    "0 failed requests", failed + " failed of " + total, String.valueOf(-failed), detail,
                    0.0, (double) failed, (double) -failed, "requests"));
        }
    }

    /** SLO: the mode's p99 (median over trials) stays within the upstream critical path plus a margin. */
    record P99WithinUpstream(String id, String description, String variant, List<Integer> levels, double marginMs)
            implements Rule {

        @Override
        public Set<Need> needs() {
            return levels.stream().map(l -> new Need(variant, l, false)).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        @Override
        public String problem() {
            return firstProblem(checkMode(variant), checkLevels(levels), marginMs >= 0 ? null : "marginMs must be >= 0");
        }

        @Override
        public List<Verdict> evaluate(GateData data, StatisticsSettings statistics) {
            List<Verdict> verdicts = new ArrayList<>();
            for (int level : levels) {
                String subject = subject(variant, level);
                List<Trial> trials = data.head(variant, level);
                if (trials.isEmpty()) {
                    verdicts.add(missing(id, subject, data));
                    continue;
                }
                double p99 = median(trials, Trial::p99Ms);
                double path = trials.getFirst().criticalPathMs();
                double limit = path + marginMs;
                verdicts.add(new Verdict(id, subject, p99 <= limit ? Verdict.Status.PASS : Verdict.Status.FAIL,
                        "p99 <= " + ms(limit) + " (upstream " + ms(path) + " + margin " + ms(marginMs) + ")",
                        "p99 " + ms(p99), signedMs(limit - p99),
                        "median of " + trials.size() + " trials: " + values(trials, Trial::p99Ms, "%.0f") + " ms",
                        limit, p99, limit - p99, "ms"));
            }
            return verdicts;
        }
    }

    /** Model: throughput over the Little's-law bound (concurrency / critical path), median over trials. */
    record Efficiency(String id, String description, String variant, List<Integer> levels, double min)
            implements Rule {

        @Override
        public Set<Need> needs() {
            return levels.stream().map(l -> new Need(variant, l, false)).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        @Override
        public String problem() {
            return firstProblem(checkMode(variant), checkLevels(levels), min > 0 && min <= 1 ? null : "min must be in (0, 1]");
        }

        @Override
        public List<Verdict> evaluate(GateData data, StatisticsSettings statistics) {
            List<Verdict> verdicts = new ArrayList<>();
            for (int level : levels) {
                String subject = subject(variant, level);
                List<Trial> trials = data.head(variant, level);
                if (trials.isEmpty()) {
                    verdicts.add(missing(id, subject, data));
                    continue;
                }
                double efficiency = median(trials, Trial::efficiency);
                double bound = level / (trials.getFirst().criticalPathMs() / 1000.0);
                verdicts.add(new Verdict(id, subject, efficiency >= min ? Verdict.Status.PASS : Verdict.Status.FAIL,
                        "efficiency >= " + percent(min) + " of " + String.format(Locale.ROOT, "%.0f", bound) + " req/s",
                        "efficiency " + percent(efficiency) + " (" + rps(median(trials, Trial::throughputRps)) + ")",
                        signedPoints(efficiency - min),
                        "median of " + trials.size() + " trials: " + values(trials, Trial::efficiency, "%.2f"),
                        min, efficiency, efficiency - min, "fraction of the Little's-law bound"));
            }
            return verdicts;
        }
    }

    /** Model: one mode's throughput over another's at the same level (medians over trials). */
    record ThroughputRatio(String id, String description, String variant, String reference, List<Integer> levels,
                           double min) implements Rule {

        @Override
        public Set<Need> needs() {
            Set<Need> needs = new LinkedHashSet<>();
            for (int level : levels) {
                needs.add(new Need(reference, level, false));
                needs.add(new Need(variant, level, false));
            }
            return needs;
        }

        @Override
        public String problem() {
            return firstProblem(checkMode(variant), checkMode(reference), checkLevels(levels),
                    min > 0 ? null : "min must be > 0");
        }

        @Override
        public List<Verdict> evaluate(GateData data, StatisticsSettings statistics) {
            List<Verdict> verdicts = new ArrayList<>();
            for (int level : levels) {
                String subject = variant + "/" + reference + " @ " + level + " users";
                List<Trial> trials = data.head(variant, level);
                List<Trial> references = data.head(reference, level);
                if (trials.isEmpty() || references.isEmpty()) {
                    verdicts.add(missing(id, subject, data));
                    continue;
                }
                double mine = median(trials, Trial::throughputRps);
                double theirs = median(references, Trial::throughputRps);
                double ratio = mine / theirs;
                verdicts.add(new Verdict(id, subject, ratio >= min ? Verdict.Status.PASS : Verdict.Status.FAIL,
                        variant + "/" + reference + " throughput >= " + times(min),
                        times(ratio) + " (" + rps(mine) + " vs " + rps(theirs) + ")",
                        String.format(Locale.ROOT, "%+.2f×", ratio - min),
                        variant + ": " + values(trials, Trial::throughputRps, "%.1f") + "; " + reference + ": "
                                + values(references, Trial::throughputRps, "%.1f") + " req/s",
                        min, ratio, ratio - min, "ratio"));
            }
            return verdicts;
        }
    }

    /**
     * Baseline: a metric of B no worse than the baseline's beyond {@code tolerance} (a relative change, e.g.
     * 0.10 = 10%). Fails only when the change of medians is beyond the tolerance and the trials show it is
     * not chance; beyond the tolerance without that evidence it warns.
     */
    record Baseline(String id, String description, String metric, List<String> variants, List<Integer> levels,
                    double tolerance) implements Rule {

        @Override
        public Set<Need> needs() {
            Set<Need> needs = new LinkedHashSet<>();
            for (int level : levels) {
                for (String variant : variants) {
                    needs.add(new Need(variant, level, true));
                }
            }
            return needs;
        }

        @Override
        public String problem() {
            if (Metric.parse(metric) == null) {
                return "metric must be throughput, p99, mean or cpu";
            }
            if (variants == null || variants.isEmpty()) {
                return "variants must name at least one of the scenario's variants";
            }
            return firstProblem(firstProblem(variants.stream().map(Rule::checkMode).toArray(String[]::new)),
                    checkLevels(levels), tolerance > 0 && tolerance < 1 ? null : "tolerance must be in (0, 1), e.g. 0.10");
        }

        @Override
        public List<Verdict> evaluate(GateData data, StatisticsSettings statistics) {
            Metric m = Metric.parse(metric);
            List<Verdict> verdicts = new ArrayList<>();
            for (int level : levels) {
                for (String variant : variants) {
                    verdicts.add(judge(m, variant, level, data, statistics));
                }
            }
            return verdicts;
        }

        private Verdict judge(Metric m, String variant, int level, GateData data, StatisticsSettings stats) {
            String subject = subject(variant, level);
            if (!data.hasBaseline()) {
                return Verdict.skip(id, subject, "no baseline: run the gate with A/B (the default) or give --baseline");
            }
            List<Trial> a = data.baseline(variant, level);
            List<Trial> b = data.head(variant, level);
            if (a.size() < stats.minTrials() || b.size() < stats.minTrials()) {
                return Verdict.error(id, subject, "needs >= " + stats.minTrials() + " trials of each side, has "
                        + a.size() + " of the baseline and " + b.size() + " of B; raise profile.repeats or check"
                        + " that the run and baseline follow these rules");
            }
            List<Double> av = a.stream().map(m::of).toList();
            List<Double> bv = b.stream().map(m::of).toList();
            if (av.contains(null) || bv.contains(null)) {
                return Verdict.error(id, subject, m.key() + " was not measured (a --target run has no CPU readings;"
                        + " baselines saved before a metric existed lack it)");
            }
            double medianA = Statistics.median(av);
            double medianB = Statistics.median(bv);
            double change = medianB / medianA - 1;
            boolean lowerIsWorse = m.worse() == Statistics.Worse.LOWER;
            double worsening = lowerIsWorse ? -change : change;
            double p = Statistics.mannWhitneyWorseP(av, bv, m.worse());
            double[] ci = Statistics.bootstrapRelativeChange(av, bv, stats.confidence(), stats.resamples(), stats.seed());
            double worseningLow = lowerIsWorse ? -ci[1] : ci[0];
            boolean significant = GateRules.StatisticsSettings.BOOTSTRAP.equals(stats.test())
                    ? worseningLow > 0 : p < stats.alpha();
            boolean beyond = worsening > tolerance;
            Verdict.Status status = beyond && significant ? Verdict.Status.FAIL
                    : beyond ? Verdict.Status.WARN : Verdict.Status.PASS;
            double limit = lowerIsWorse ? -tolerance : tolerance;
            String evidence = GateRules.StatisticsSettings.BOOTSTRAP.equals(stats.test())
                    ? String.format(Locale.ROOT, "%.0f%% CI %+.1f%%..%+.1f%%", stats.confidence() * 100, ci[0] * 100, ci[1] * 100)
                    : String.format(Locale.ROOT, "p=%.3f", p);
            String note = status == Verdict.Status.WARN ? " Beyond the tolerance but not significant: add repeats to decide."
                    : !beyond && significant && worsening > 0 ? " Significant but within the tolerance." : "";
            String fmt = m == Metric.THROUGHPUT || m == Metric.MEAN ? "%.1f" : "%.0f";
            return new Verdict(id, subject, status,
                    m.key() + " change " + (lowerIsWorse ? ">= " : "<= ") + signedPercent(limit) + " vs baseline",
                    signedPercent(change) + " (" + String.format(Locale.ROOT, fmt, medianA) + " -> "
                            + String.format(Locale.ROOT, fmt, medianB) + " " + m.unit() + ", " + evidence + ")",
                    String.format(Locale.ROOT, "%+.1f pp", (tolerance - worsening) * 100),
                    String.format(Locale.ROOT, "medians of %d A and %d B trials. A: %s; B: %s %s. One-sided"
                                    + " Mann-Whitney p=%.3f (alpha %.2f); bootstrap %.0f%% CI of the change %+.1f%%..%+.1f%%;"
                                    + " decided by %s. Baseline: %s.%s",
                            a.size(), b.size(), values(a, t -> m.of(t), fmt), values(b, t -> m.of(t), fmt), m.unit(),
                            p, stats.alpha(), stats.confidence() * 100, ci[0] * 100, ci[1] * 100, stats.test(),
                            data.baselineSource(), note),
                    limit, change, tolerance - worsening, "relative change");
        }
    }

    /**
     * Evidence: no virtual-thread pinning on B's paths that run on virtual threads. Pinned events (JFR
     * {@code jdk.VirtualThreadPinned}, over the recording's threshold) are summed over B's trials of each variant
     * and level; more than {@code max} fails, naming the most frequent pinned stack. Throughput drops only once
     * every carrier is pinned, so a trial at low load can pass the other rules and still pin: this catches it
     * by its cause.
     */
    record Pinning(String id, String description, List<String> variants, List<Integer> levels, long max)
            implements Rule {

        @Override
        public Set<Need> needs() {
            Set<Need> needs = new LinkedHashSet<>();
            variants.forEach(v -> levels.forEach(l -> needs.add(new Need(v, l, false))));
            return needs;
        }

        @Override
        public String problem() {
            return firstProblem(variants == null || variants.isEmpty() ? "variants must name at least one variant"
                            : firstProblem(variants.stream().map(Rule::checkMode).toArray(String[]::new)),
                    checkLevels(levels), max >= 0 ? null : "max must be >= 0");
        }

        @Override
        public List<Verdict> evaluate(GateData data, StatisticsSettings statistics) {
            List<Verdict> verdicts = new ArrayList<>();
            for (String variant : variants) {
                for (int level : levels) {
                    String subject = subject(variant, level);
                    List<Trial> trials = data.head(variant, level);
                    if (trials.isEmpty()) {
                        verdicts.add(missing(id, subject, data));
                        continue;
                    }
                    Trial unrecorded = trials.stream().filter(t -> t.pinnedEvents() == null).findFirst().orElse(null);
                    if (unrecorded != null) {
                        verdicts.add(Verdict.error(id, subject, unrecorded.pointId() + " has "
                                + (unrecorded.evidence() == null ? "no evidence" : unrecorded.evidence())
                                + "; the pinning rule needs JFR evidence from the variant's JVM"));
                        continue;
                    }
                    long pinned = trials.stream().mapToLong(Trial::pinnedEvents).sum();
                    Trial worst = trials.stream().max(Comparator.comparingLong(Trial::pinnedEvents)).orElseThrow();
                    String detail = pinned == 0 ? "no jdk.VirtualThreadPinned event in " + trials.size() + " trials"
                            : "top pinned stack (" + worst.pointId() + "): " + String.join(" <- ",
                            worst.topPinnedStack());
                    verdicts.add(new Verdict(id, subject, pinned <= max ? Verdict.Status.PASS : Verdict.Status.FAIL,
                            "pinned events <= " + max, pinned + " pinned", String.valueOf(max - pinned), detail,
                            (double) max, (double) pinned, (double) (max - pinned), "events"));
                }
            }
            return verdicts;
        }
    }

    // ---- shared helpers ----

    /** The scenario's variants are known only when the gate runs: {@code GatePlan} checks the names against them. */
    private static String checkMode(String mode) {
        return mode != null && mode.matches("[A-Za-z0-9_.-]{1,40}") ? null
                : "'" + mode + "' is not a variant name: use one of the scenario's variants, e.g. async";
    }

    private static String checkLevels(List<Integer> levels) {
        if (levels == null || levels.isEmpty()) {
            return "levels must list at least one closed-model concurrency";
        }
        return levels.stream().anyMatch(l -> l == null || l < 1 || l > 20_000) ? "levels must be 1..20000 users" : null;
    }

    private static String firstProblem(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static Verdict missing(String id, String subject, GateData data) {
        return Verdict.error(id, subject, "the run " + data.runDir().getFileName() + " has no such points; judge a run"
                + " made with these rules (./lab gate runs what the rules need)");
    }

    private static String subject(String variant, int level) {
        return variant + " @ " + level + " users";
    }

    private static double median(List<Trial> trials, ToDoubleFunction<Trial> value) {
        return Statistics.median(trials.stream().map(value::applyAsDouble).toList());
    }

    private static String values(List<Trial> trials, ToDoubleFunction<Trial> value, String format) {
        return trials.stream().map(t -> String.format(Locale.ROOT, format, value.applyAsDouble(t)))
                .collect(Collectors.joining(", "));
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String signedMs(double v) {
        return String.format(Locale.ROOT, "%+.0f ms", v);
    }

    private static String rps(double v) {
        return String.format(Locale.ROOT, "%.1f req/s", v);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private static String signedPercent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    private static String signedPoints(double fraction) {
        return String.format(Locale.ROOT, "%+.0f pp", fraction * 100);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }
}

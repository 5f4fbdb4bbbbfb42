package dev.loadlab.lab.gate;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The statistics of the baseline rules: compare repeated trials of a baseline A with the current B without
 * assuming any distribution. Two tools, both on the same samples:
 * <ul>
 *   <li>the one-sided Mann-Whitney U test (Wilcoxon rank-sum): is B worse than A more often than chance
 *       would make it? Exact (every split of the pooled samples enumerated, ties by mid-ranks) for the small
 *       samples CI runs; the normal approximation of commons-math beyond {@value #EXACT_LIMIT} splits;</li>
 *   <li>a percentile bootstrap confidence interval of the relative change of medians, B / A - 1 (A and B
 *       resampled independently, seeded, so a verdict is reproducible).</li>
 * </ul>
 * A verdict also needs a minimum effect size (the rule's tolerance): significance alone would fail on tiny,
 * real but irrelevant differences; size alone would fail on noise.
 */
public final class Statistics {

    /** Above this many splits the exact test gives way to the normal approximation. */
    static final long EXACT_LIMIT = 2_000_000;

    private Statistics() {
    }

    /** Which way is worse for a metric. */
    public enum Worse { LOWER, HIGHER }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return median(sorted);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * One-sided Mann-Whitney p-value for "B is worse than A": the probability, with no real difference,
     * of B's ranks being at least this far on the worse side.
     */
    public static double mannWhitneyWorseP(List<Double> a, List<Double> b, Worse worse) {
        int n = a.size() + b.size();
        double[] pooled = new double[n];
        for (int i = 0; i < a.size(); i++) {
            pooled[i] = a.get(i);
        }
        for (int i = 0; i < b.size(); i++) {
            pooled[a.size() + i] = b.get(i);
        }
        double[] ranks = midRanks(pooled);
        double observed = 0;
        for (int i = a.size(); i < n; i++) {
            observed += ranks[i];
        }
        if (binomial(n, b.size()) > EXACT_LIMIT) {
            return approximate(a, b, worse);
        }
        long[] counts = new long[2]; // [at least as extreme, all]
        enumerate(ranks, 0, b.size(), 0.0, observed, worse, counts);
        return (double) counts[0] / counts[1];
    }

    /** Every way of choosing B's ranks from the pooled ranks; counts the splits at least as extreme. */
    private static void enumerate(double[] ranks, int from, int left, double sum, double observed, Worse worse,
                                  long[] counts) {
        if (left == 0) {
            counts[1]++;
            double eps = 1e-9;
            boolean extreme = worse == Worse.LOWER ? sum <= observed + eps : sum >= observed - eps;
            if (extreme) {
                counts[0]++;
            }
            return;
        }
        for (int i = from; i <= ranks.length - left; i++) {
            enumerate(ranks, i + 1, left - 1, sum + ranks[i], observed, worse, counts);
        }
    }

    private static double approximate(List<Double> a, List<Double> b, Worse worse) {
        double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
        double twoSided = new MannWhitneyUTest().mannWhitneyUTest(x, y);
        boolean bWorse = worse == Worse.LOWER ? median(b) < median(a) : median(b) > median(a);
        return bWorse ? twoSided / 2 : 1 - twoSided / 2;
    }

    /** Ranks 1..n, ties sharing the mean of the ranks they span. */
    static double[] midRanks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }

    /**
     * Percentile bootstrap interval of median(B) / median(A) - 1.
     *
     * @param confidence e.g. 0.95 for the 2.5th..97.5th percentiles
     * @param seed       fixed, so the same samples always give the same interval
     */
    public static double[] bootstrapRelativeChange(List<Double> a, List<Double> b, double confidence,
                                                   int resamples, long seed) {
        double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
        RandomGenerator random = new Well19937c(seed);
        double[] changes = new double[resamples];
        double[] xs = new double[x.length];
        double[] ys = new double[y.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x[random.nextInt(x.length)];
            }
            for (int i = 0; i < ys.length; i++) {
                ys[i] = y[random.nextInt(y.length)];
            }
            Arrays.sort(xs);
            Arrays.sort(ys);
            changes[r] = median(ys) / median(xs) - 1;
        }
        Arrays.sort(changes);
        double tail = (1 - confidence) / 2;
        return new double[] {quantile(changes, tail), quantile(changes, 1 - tail)};
    }

    /** The value at a fraction of a sorted array, interpolating between neighbours. */
    static double quantile(double[] sorted, double fraction) {
        double position = fraction * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

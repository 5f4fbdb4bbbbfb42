package dev.loadlab.lab.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void median_of_odd_and_even_counts() {
        assertThat(Statistics.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Statistics.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void mid_ranks_share_ties() {
        assertThat(Statistics.midRanks(new double[] {10, 20, 20, 30})).containsExactly(1, 2.5, 2.5, 4);
    }

    @Test
    void exact_p_of_complete_separation_is_one_over_the_number_of_splits() {
        List<Double> a = List.of(10.0, 11.0, 12.0, 13.0);
        List<Double> lower = List.of(1.0, 2.0, 3.0, 4.0);
        // C(8,4) = 70 ways to pick B's ranks; only one puts all of B below all of A
        assertThat(Statistics.mannWhitneyWorseP(a, lower, Statistics.Worse.LOWER)).isCloseTo(1 / 70.0, within(1e-12));
        assertThat(Statistics.mannWhitneyWorseP(a, lower, Statistics.Worse.HIGHER)).isEqualTo(1.0);
        assertThat(Statistics.mannWhitneyWorseP(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(6.0, 7.0, 8.0, 9.0, 10.0),
                Statistics.Worse.HIGHER)).isCloseTo(1 / 252.0, within(1e-12));
        assertThat(Statistics.mannWhitneyWorseP(List.of(1.0, 2.0, 3.0), List.of(4.0, 5.0, 6.0),
                Statistics.Worse.HIGHER)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void one_inversion_among_four_by_four_gives_two_of_seventy() {
        // U = 1: one B value above one A value
        double p = Statistics.mannWhitneyWorseP(List.of(10.0, 11.0, 12.0, 13.0), List.of(1.0, 2.0, 3.0, 10.5),
                Statistics.Worse.LOWER);
        assertThat(p).isCloseTo(2 / 70.0, within(1e-12));
    }

    @Test
    void identical_samples_are_never_significant() {
        List<Double> same = List.of(5.0, 5.0, 5.0, 5.0);
        assertThat(Statistics.mannWhitneyWorseP(same, same, Statistics.Worse.LOWER)).isEqualTo(1.0);
        assertThat(Statistics.bootstrapRelativeChange(same, same, 0.95, 1000, 1)).containsExactly(0.0, 0.0);
    }

    @Test
    void exact_test_agrees_with_the_normal_approximation_on_large_samples() {
        Random random = new Random(7);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            a.add(100 + random.nextGaussian() * 5);
            b.add(95 + random.nextGaussian() * 5);
        }
        double exact = Statistics.mannWhitneyWorseP(a, b, Statistics.Worse.LOWER);
        double approximate = new org.apache.commons.math3.stat.inference.MannWhitneyUTest()
                .mannWhitneyUTest(a.stream().mapToDouble(d -> d).toArray(), b.stream().mapToDouble(d -> d).toArray()) / 2;
        assertThat(exact).isCloseTo(approximate, within(0.02));
    }

    @Test
    void bootstrap_interval_is_reproducible_and_brackets_the_change_of_medians() {
        List<Double> a = List.of(100.0, 102.0, 98.0, 101.0, 99.0);
        List<Double> b = List.of(80.0, 83.0, 79.0, 82.0, 81.0);
        double[] first = Statistics.bootstrapRelativeChange(a, b, 0.95, 4000, 1);
        double[] again = Statistics.bootstrapRelativeChange(a, b, 0.95, 4000, 1);
        assertThat(first).containsExactly(again);
        double change = Statistics.median(b) / Statistics.median(a) - 1; // -19%
        assertThat(first[0]).isLessThanOrEqualTo(change);
        assertThat(first[1]).isGreaterThanOrEqualTo(change).isLessThan(0);
    }
}

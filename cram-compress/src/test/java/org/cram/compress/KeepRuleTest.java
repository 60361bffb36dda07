package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/** Keep counts and tie-breaking of global magnitude pruning under both keep rules, against sorting oracles. */
class KeepRuleTest {

    @ParameterizedTest(name = "n={0}, {1}% -> prune {2}")
    @CsvSource({"100,70,70", "10,10,1", "608,90,548", "608,50,304", "1000,95,950", "7,50,4", "3,30,1",
            "270896,80,216717"})
    void exactRulePrunesCeilOfNTimesTheDecimalSparsity(long n, int percent, long pruned) {
        // integer oracle: ceil(n * percent / 100)
        assertThat((n * percent + 99) / 100).isEqualTo(pruned);
        assertThat(KeepRule.exactPruneCount(n, percent / 100.0)).isEqualTo(pruned);
        assertThat(KeepRule.EXACT.keepCount(n, percent / 100.0)).isEqualTo(n - pruned);
    }

    @Test
    void referenceKeepCountForDistinctMagnitudes() {
        assertThat(KeepRule.REFERENCE.keepCount(100, 0.7)).isEqualTo(30); // ceil(30.000000000000004) - 1
        assertThat(KeepRule.REFERENCE.keepCount(100, 0.5)).isEqualTo(49);
        assertThat(KeepRule.REFERENCE.keepCount(100, 0.0)).isEqualTo(100);
        assertThat(KeepRule.REFERENCE.keepCount(1, 0.5)).isZero();
    }

    /** Values split over a FLOAT or DOUBLE weight of shape [2, a] and one of shape [b, 3], plus a bias. */
    private static ParameterSet twoWeights(DataType type, double[] all, int first) {
        int rest = all.length - first;
        return new ParameterSet(List.of(
                Parameter.linearWeight("a.weight", Weights.array(type, Arrays.copyOfRange(all, 0, first), 2,
                        first / 2)),
                Parameter.of("a.bias", ParameterRole.BIAS, false, Weights.array(type, new double[] {9, -9}, 2)),
                Parameter.linearWeight("b.weight", Weights.array(type, Arrays.copyOfRange(all, first, all.length),
                        rest / 3, 3))));
    }

    private static double[] keptPattern(ParameterSet params) {
        double[] a = Weights.values(params.get("a.weight"));
        double[] b = Weights.values(params.get("b.weight"));
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Ties-heavy values: magnitudes from a handful of levels with both signs. */
    private static double[] ties(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextInt(6) - 2.5) * 0.25; // |v| in {0.125, 0.375, 0.625}, both signs
            if (r.nextInt(10) == 0) {
                v[i] = 0.0;
            }
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void exactRuleKeepsExactlyTheFirstKOfAStableDescendingSort(DataType type) {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            double[] all = trial % 2 == 0 ? ties(r, 120) : Weights.uniform(r, 120);
            int percent = 5 + r.nextInt(90);
            ParameterSet params = twoWeights(type, all, 48);
            Mask mask = new GlobalMagnitudePruning(KeepRule.EXACT).compress(params,
                    CompressionTarget.sparsity(percent / 100.0));

            // oracle: positions sorted by descending |w|, ties by position (List.sort is stable)
            List<Integer> order = new ArrayList<>(IntStream.range(0, all.length).boxed().toList());
            order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(all[i])));
            int keep = all.length - (all.length * percent + 99) / 100;
            double[] expected = new double[all.length];
            for (int j = 0; j < keep; j++) {
                expected[order.get(j)] = all[order.get(j)];
            }
            assertThat(keptPattern(params)).as("trial %d, %d%%", trial, percent).containsExactly(expected);
            assertThat(mask.coveredCount() - mask.zeroCount()).isEqualTo(keep);
            assertThat(Weights.values(params.get("a.bias"))).containsExactly(9, -9);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void referenceRulePrunesEveryTieAtTheThreshold(DataType type) {
        SplittableRandom r = new SplittableRandom(12);
        for (int trial = 0; trial < 30; trial++) {
            double[] all = trial % 2 == 0 ? ties(r, 120) : Weights.uniform(r, 120);
            double p = 0.05 + 0.9 * r.nextDouble();
            ParameterSet params = twoWeights(type, all, 48);
            new GlobalMagnitudePruning().compress(params, CompressionTarget.sparsity(p));

            // oracle: threshold = kk-th largest |w| of a sorted copy, keep |w| > threshold
            double[] sorted = Arrays.stream(all).map(Math::abs).sorted().toArray();
            long kk = (long) Math.ceil(all.length * (1.0 - p));
            double threshold = sorted[(int) (all.length - kk)];
            double[] expected = Arrays.stream(all).map(v -> Math.abs(v) > threshold ? v : 0.0).toArray();
            assertThat(keptPattern(params)).as("trial %d, p=%s", trial, p).containsExactly(expected);
        }
    }

    @Test
    void exactRuleBreaksTiesByParameterOrderThenIndex() {
        double[] all = new double[12];
        Arrays.fill(all, 0.5);
        ParameterSet params = twoWeights(DataType.FLOAT, all, 6);
        // 12 equal magnitudes, prune ceil(12 * 0.5) = 6: the first 6 positions (all of a.weight) stay
        new GlobalMagnitudePruning(KeepRule.EXACT).compress(params, CompressionTarget.sparsity(0.5));
        assertThat(Weights.values(params.get("a.weight"))).containsOnly(0.5);
        assertThat(Weights.values(params.get("b.weight"))).containsOnly(0.0);
    }

    @Test
    void floatAndDoubleWeightsGiveTheSameMasks() {
        SplittableRandom r = new SplittableRandom(13);
        for (KeepRule rule : KeepRule.values()) {
            double[] all = Weights.uniform(r, 600);
            ParameterSet f = twoWeights(DataType.FLOAT, all, 300);
            ParameterSet d = twoWeights(DataType.DOUBLE, all, 300);
            Mask mf = new GlobalMagnitudePruning(rule).compress(f, CompressionTarget.sparsity(0.63));
            Mask md = new GlobalMagnitudePruning(rule).compress(d, CompressionTarget.sparsity(0.63));
            assertThat(keptPattern(f)).containsExactly(keptPattern(d));
            assertThat(Weights.values(mf.entries().get(0))).containsExactly(Weights.values(md.entries().get(0)));
            assertThat(mf.entries().get(0).dataType()).isEqualTo(DataType.FLOAT);
            assertThat(md.entries().get(0).dataType()).isEqualTo(DataType.DOUBLE);
        }
    }

    @Test
    void nonFiniteWeightsAreRejected() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("w",
                    Weights.array(type, new double[] {0.1, Double.NaN, 0.3, 0.4}, 2, 2))));
            assertThatThrownBy(() -> new GlobalMagnitudePruning().compress(params, CompressionTarget.sparsity(0.5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN or infinite");
        }
    }

    @Test
    void exactRuleMeetsTheTargetWhereRoundingWouldNot() {
        // 608 weights at 0.9: round(547.2) = 547 would give 0.8997 < 0.9; ceil gives 548
        SplittableRandom r = new SplittableRandom(14);
        ParameterSet params = twoWeights(DataType.FLOAT, Weights.uniform(r, 608), 308);
        new GlobalMagnitudePruning(KeepRule.EXACT).compress(params, CompressionTarget.sparsity(0.9));
        assertThat(Weights.count(keptPattern(params), v -> v == 0.0)).isEqualTo(548);
    }
}

package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GlobalMagnitudePruningTest {

    /** Distinct magnitudes split over two weights, plus a large non-prunable bias that must not count. */
    private static ParameterSet distinct(int n, long seed) {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            values.add((i % 2 == 0 ? -1 : 1) * i * 0.01);
        }
        java.util.Collections.shuffle(values, new java.util.Random(seed));
        double[] all = values.stream().mapToDouble(Double::doubleValue).toArray();
        int first = n / 3;
        return new ParameterSet(List.of(
                Parameter.weight("a.weight", Nd4j.create(Arrays.copyOfRange(all, 0, first), new long[] {1, first},
                        'c'), 1, 0),
                Parameter.of("a.bias", ParameterRole.BIAS, false, Nd4j.createFromArray(1000.0, -1000.0)),
                Parameter.weight("b.weight", Nd4j.create(Arrays.copyOfRange(all, first, n),
                        new long[] {n - first, 1}, 'c'), 1, 0)));
    }

    @ParameterizedTest(name = "n={0}, p={1}")
    @CsvSource({"100,0.7", "100,0.5", "1000,0.9", "997,0.95", "10,0.3", "7,0.5", "270896,0.8"})
    void keepsExactlyCeilNTimesOneMinusPMinusOneDistinctWeights(int n, double p) {
        ParameterSet params = distinct(n, 1);
        Mask mask = new GlobalMagnitudePruning().compress(params, CompressionTarget.sparsity(p));
        long expectedKept = (long) Math.ceil(n * (1.0 - p)) - 1;
        assertThat(mask.coveredCount()).isEqualTo(n);
        assertThat(mask.coveredCount() - mask.zeroCount()).isEqualTo(expectedKept);
        // the kept weights are the largest in magnitude: min kept > max removed
        double minKept = Double.POSITIVE_INFINITY;
        double maxRemoved = 0;
        for (int idx : params.prunableIndices()) {
            for (double v : params.get(idx).value().data().asDouble()) {
                if (v != 0) {
                    minKept = Math.min(minKept, Math.abs(v));
                }
            }
        }
        ParameterSet original = distinct(n, 1);
        for (int idx : original.prunableIndices()) {
            double[] before = original.get(idx).value().data().asDouble();
            double[] after = params.get(idx).value().data().asDouble();
            for (int i = 0; i < before.length; i++) {
                if (after[i] == 0) {
                    maxRemoved = Math.max(maxRemoved, Math.abs(before[i]));
                }
            }
        }
        assertThat(minKept).isGreaterThan(maxRemoved);
        assertThat(params.get("a.bias").value().data().asDouble()).containsExactly(1000.0, -1000.0);
    }

    @Test
    void reproducesThePythonFloatQuirkOfTheReferenceKeepCount() {
        // 100 * (1 - 0.7) = 30.000000000000004 in IEEE doubles, so ceil gives 31 and 30 weights are kept.
        assertThat(MagnitudeThreshold.thresholdRank(100, 0.7)).isEqualTo(31);
        assertThat(MagnitudeThreshold.thresholdRank(100, 0.5)).isEqualTo(50);
    }

    @Test
    void zeroSparsityKeepsEverything() {
        ParameterSet params = distinct(50, 2);
        Mask mask = new GlobalMagnitudePruning().compress(params, CompressionTarget.sparsity(0));
        assertThat(mask.zeroCount()).isZero();
        assertThat(mask.sparsity()).isZero();
    }

    @Test
    void rejectsTargetsItDoesNotUnderstand() {
        assertThatThrownBy(() -> new GlobalMagnitudePruning().compress(distinct(8, 3), new CompressionTarget.NOfM(2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2:4");
    }

    @Test
    void sparsityOutsideTheUnitIntervalIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> CompressionTarget.sparsity(1.0)).hasMessageContaining("[0, 1)")
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> CompressionTarget.sparsity(-0.1)).hasMessageContaining("-0.1");
    }

    @Test
    void selectionAgreesWithSortingOnRandomAndAdversarialInputs() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = trial % 3 == 0 ? r.nextInt(5) : r.nextDouble(); // many ties every third trial
            }
            if (trial % 7 == 0) {
                Arrays.sort(v); // sorted input, a classic bad case for naive pivots
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertThat(Selection.kthSmallest(v.clone(), k)).isEqualTo(sorted[k]);
        }
    }

    @Test
    void keepsTheFloatDataTypeOfTheWeights() {
        ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("w",
                Nd4j.createFromArray(new float[][] {{0.1f, -0.5f}, {0.3f, 0.05f}}))));
        Mask mask = new GlobalMagnitudePruning().compress(params, CompressionTarget.sparsity(0.5));
        assertThat(params.get(0).value().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(mask.entries().get(0).dataType()).isEqualTo(DataType.FLOAT);
        // kk = ceil(4 * 0.5) = 2 -> threshold = 2nd largest = 0.3 -> keep |w| > 0.3: only -0.5
        assertThat(params.get(0).value().data().asFloat()).containsExactly(0f, -0.5f, 0f, 0f);
    }

    /** The float path (bit arithmetic over streamed blocks) against the double path, on signed zeros and ties. */
    @ParameterizedTest(name = "p={0}")
    @CsvSource({"0.5", "0.7", "0.9", "0.0", "0.999"})
    void floatWeightsArePrunedExactlyLikeTheSameValuesInDouble(double p) {
        SplittableRandom random = new SplittableRandom(5);
        int n = 40_000; // more than one streaming block
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            values[i] = kind == 0 ? 0.0f : kind == 1 ? -0.0f : kind == 2 ? (random.nextBoolean() ? 0.25f : -0.25f)
                    : (float) random.nextGaussian();
        }
        double[] asDoubles = new double[n];
        for (int i = 0; i < n; i++) {
            asDoubles[i] = values[i];
        }
        ParameterSet floats = new ParameterSet(List.of(
                Parameter.weight("w", Nd4j.create(values, new long[] {200, 200}, 'c'), 1, 0)));
        ParameterSet doubles = new ParameterSet(List.of(
                Parameter.weight("w", Nd4j.create(asDoubles, new long[] {200, 200}, 'c'), 1, 0)));
        Mask floatMask = new GlobalMagnitudePruning().compress(floats, CompressionTarget.sparsity(p));
        Mask doubleMask = new GlobalMagnitudePruning().compress(doubles, CompressionTarget.sparsity(p));

        assertThat(floatMask.entries().get(0).dataType()).isEqualTo(DataType.FLOAT);
        assertThat(floatMask.entries().get(0).castTo(DataType.DOUBLE).data().asDouble())
                .containsExactly(doubleMask.entries().get(0).data().asDouble());
        float[] pruned = floats.get(0).value().data().asFloat();
        double[] prunedDouble = doubles.get(0).value().data().asDouble();
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(pruned[i])) // bit-exact: a kept -0.0 stays -0.0
                    .as("weight %d (%s)", i, values[i])
                    .isEqualTo(Float.floatToRawIntBits((float) prunedDouble[i]));
        }
    }

    private static ParameterSet floatWeights(long seed, long... secondShape) {
        SplittableRandom r = new SplittableRandom(seed);
        return new ParameterSet(List.of(Parameter.linearWeight("a.weight", uniform(r, 30, 20)),
                Parameter.linearWeight("b.weight", uniform(r, secondShape))));
    }

    private static INDArray uniform(SplittableRandom r, long... shape) {
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        return Nd4j.create(v, shape, 'c');
    }

    @Test
    void writesTheNewMaskIntoTheArraysOfARecycledOneThatFits() {
        GlobalMagnitudePruning pruning = new GlobalMagnitudePruning();
        CompressionTarget target = CompressionTarget.sparsity(0.6);
        Mask old = pruning.compress(floatWeights(1, 40, 10), target);
        ParameterSet params = floatWeights(2, 40, 10);
        Mask reused = pruning.compress(params, target, old);
        for (int i : params.prunableIndices()) {
            assertThat(reused.entries().get(i)).isSameAs(old.entries().get(i));
            float[] w = params.get(i).value().data().asFloat();
            float[] m = reused.entries().get(i).data().asFloat();
            for (int k = 0; k < w.length; k++) {
                assertThat(m[k]).as("mask[%d] of %s", k, i).isEqualTo(w[k] != 0f ? 1f : 0f);
            }
        }
        assertThat(reused.sparsity()).isBetween(0.6 - 1e-12, 0.61);
    }

    @Test
    void makesNewArraysWhereTheRecycledMaskDoesNotFit() {
        GlobalMagnitudePruning pruning = new GlobalMagnitudePruning();
        CompressionTarget target = CompressionTarget.sparsity(0.6);
        Mask old = pruning.compress(floatWeights(1, 10, 40), target); // b.weight transposed
        ParameterSet params = floatWeights(2, 40, 10);
        Mask reused = pruning.compress(params, target, old);
        assertThat(reused.entries().get(0)).isSameAs(old.entries().get(0));
        assertThat(reused.entries().get(1)).isNotSameAs(old.entries().get(1));
        assertThat(reused.entries().get(1).shape()).containsExactly(40, 10);
        ParameterSet again = floatWeights(2, 40, 10);
        Mask fresh = pruning.compress(again, target);
        assertThat(reused.entries().get(1).data().asFloat()).containsExactly(fresh.entries().get(1).data().asFloat());
    }
}

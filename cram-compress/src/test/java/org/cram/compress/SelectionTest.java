package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selection and the radix Top-K threshold, against sorting. */
class SelectionTest {

    @Test
    void allEqualValuesAreSelectedInOnePass() {
        double[] ones = new double[1_000_000];
        Arrays.fill(ones, 1.0);
        assertThat(Selection.kthSmallest(ones, 5)).isEqualTo(1.0);
    }

    @Test
    void rankOutsideTheArrayIsRejected() {
        assertThatThrownBy(() -> Selection.kthSmallest(new double[3], 3)).hasMessageContaining("rank 3 outside [0, 3)");
    }

    @Test
    void radixThresholdOnMostlyZeroWeightsAsAfterPruning() {
        SplittableRandom r = new SplittableRandom(24);
        float[] w = new float[200_000];
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 10 == 0 ? (float) r.nextGaussian() : (i % 3 == 0 ? -0f : 0f);
        }
        for (double p : new double[] {0.5, 0.9, 0.95}) {
            assertThat(TopKThreshold.reference(p, w)).isEqualTo(sortedThreshold(p, w));
        }
    }

    /** Oracle: the reference threshold from a sorted copy of all magnitudes. */
    private static double sortedThreshold(double p, float[]... tensors) {
        int n = Arrays.stream(tensors).mapToInt(t -> t.length).sum();
        if (p == 0.0) {
            return -1.0;
        }
        double[] all = new double[n];
        int at = 0;
        for (float[] t : tensors) {
            for (float x : t) {
                all[at++] = Math.abs((double) x);
            }
        }
        Arrays.sort(all);
        long kk = (long) Math.ceil(n * (1.0 - p));
        return all[(int) (n - kk)];
    }

    @Test
    void radixThresholdAgreesWithSortingOnAwkwardFloats() {
        SplittableRandom r = new SplittableRandom(22);
        for (int trial = 0; trial < 200; trial++) {
            float[][] tensors = new float[1 + r.nextInt(4)][];
            for (int t = 0; t < tensors.length; t++) {
                tensors[t] = new float[r.nextInt(300)];
                for (int i = 0; i < tensors[t].length; i++) {
                    tensors[t][i] = switch ((trial + i) % 6) {
                        case 0 -> 0f;
                        case 1 -> -0f;
                        case 2 -> Float.MIN_VALUE * r.nextInt(1000); // denormals
                        case 3 -> (float) (r.nextGaussian() * 1e-30);
                        case 4 -> (float) (r.nextGaussian() * 1e30);
                        default -> trial % 2 == 0 ? (float) r.nextGaussian() : 0.25f * (r.nextInt(7) - 3);
                    };
                }
            }
            if (Arrays.stream(tensors).mapToInt(t -> t.length).sum() == 0) {
                continue;
            }
            double p = trial % 10 == 0 ? 0.0 : r.nextDouble() * 0.999;
            assertThat(TopKThreshold.reference(p, tensors)).as("trial %d, p=%s", trial, p)
                    .isEqualTo(sortedThreshold(p, tensors));
        }
    }

    @Test
    void radixThresholdOnALargeGaussianTensor() {
        SplittableRandom r = new SplittableRandom(23);
        float[] a = new float[300_000];
        float[] b = new float[70_001];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * 0.02);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextGaussian() * 0.1);
        }
        for (double p : new double[] {0.5, 0.7, 0.9, 0.95, 0.99}) {
            assertThat(TopKThreshold.reference(p, a, b)).isEqualTo(sortedThreshold(p, a, b));
        }
    }

    @Test
    void radixThresholdWhenOneBucketHoldsMoreThanTheCandidateLimit() {
        // mostly zeros (an already pruned tensor): the bucket of the threshold is too big to copy, levels 2-3 stream
        SplittableRandom r = new SplittableRandom(24);
        float[] a = new float[FloatOrderStatistics.MAX_CANDIDATES + 50_000];
        for (int i = 0; i < 60_000; i++) {
            a[r.nextInt(a.length)] = (float) r.nextGaussian();
        }
        for (double p : new double[] {0.5, 0.96, 0.97, 0.99}) {
            assertThat(TopKThreshold.reference(p, a)).as("p=%s", p).isEqualTo(sortedThreshold(p, a));
        }
        float[] b = new float[FloatOrderStatistics.MAX_CANDIDATES + 10];
        java.util.Arrays.fill(b, 1.5f);
        b[3] = 1.5000001f;
        b[7] = 1.4999999f;
        assertThat(TopKThreshold.reference(0.5, b)).isEqualTo(sortedThreshold(0.5, b));
        assertThat(TopKThreshold.reference(0.0000001, b)).isEqualTo(sortedThreshold(0.0000001, b));
    }

    @Test
    void thresholdRejectsBadInput() {
        assertThatThrownBy(() -> TopKThreshold.reference(1.0, new float[3])).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> TopKThreshold.reference(0.5, new float[] {1f, Float.POSITIVE_INFINITY}))
                .hasMessageContaining("NaN or infinite");
    }
}

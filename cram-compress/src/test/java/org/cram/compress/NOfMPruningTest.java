package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.cram.api.testing.CompressorContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NOfMPruningTest {

    /** Our conv layout [kh,kw,I,O] from torch's [O,I,kh,kw] by explicit index arithmetic. */
    private static double[] torchToOurs(double[] t, int o, int in, int k) {
        double[] ours = new double[t.length];
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < in; b++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        ours[((y * k + x) * in + b) * o + a] = t[((a * in + b) * k + y) * k + x];
                    }
                }
            }
        }
        return ours;
    }

    /** The reference's mask: permute torch [O,I,kh,kw] to [O,kh,kw,I], groups of M, stable argsort ascending. */
    private static double[] referenceMaskInTorchOrder(double[] t, int o, int in, int k, int n, int m) {
        double[] perm = new double[t.length];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < k; y++) {
                for (int x = 0; x < k; x++) {
                    for (int b = 0; b < in; b++) {
                        perm[((a * k + y) * k + x) * in + b] = t[((a * in + b) * k + y) * k + x];
                    }
                }
            }
        }
        double[] maskPerm = new double[t.length];
        Arrays.fill(maskPerm, 1);
        for (int g = 0; g < perm.length; g += m) {
            final int base = g;
            Integer[] idx = new Integer[m];
            for (int j = 0; j < m; j++) {
                idx[j] = j;
            }
            Arrays.sort(idx, Comparator.comparingDouble(j -> Math.abs(perm[base + j])));
            for (int j = 0; j < m - n; j++) {
                maskPerm[base + idx[j]] = 0;
            }
        }
        double[] mask = new double[t.length];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < k; y++) {
                for (int x = 0; x < k; x++) {
                    for (int b = 0; b < in; b++) {
                        mask[((a * in + b) * k + y) * k + x] = maskPerm[((a * k + y) * k + x) * in + b];
                    }
                }
            }
        }
        return mask;
    }

    @Test
    void convolutionGroupsFollowTheReferencePermutationEvenWhenInputChannelsStraddleGroups() {
        int o = 5;
        int in = 3; // I % M != 0: groups straddle kernel positions, as ResNet-50 conv1
        int k = 4;
        SplittableRandom r = new SplittableRandom(3);
        double[] torch = new double[o * in * k * k];
        for (int i = 0; i < torch.length; i++) {
            torch[i] = r.nextDouble() * 2 - 1;
        }
        ParameterSet params = new ParameterSet(List.of(Parameter.convWeight("conv1.weight",
                Nd4j.create(torchToOurs(torch, o, in, k), new long[] {k, k, in, o}, 'c'))));
        Mask mask = new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4));
        double[] expectedTorch = referenceMaskInTorchOrder(torch, o, in, k, 2, 4);
        assertThat(mask.entries().get(0).data().asDouble()).containsExactly(torchToOurs(expectedTorch, o, in, k));
        assertThat(mask.sparsity()).isEqualTo(0.5);
    }

    @Test
    void linearWeightsAreGroupedAlongInputFeaturesWithStableTies() {
        // [O=2, I=8]; row 0 has ties: all |w| equal -> positions 0,1 (2:4) are zeroed in each group
        double[][] w = {{1, -1, 1, -1, 3, 0.5, -2, 0.1}, {0.4, 0.3, -0.2, 0.1, 9, 8, 7, 6}};
        ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("fc.weight", Nd4j.createFromArray(w))));
        new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4));
        assertThat(params.get(0).value().toDoubleMatrix()).isDeepEqualTo(new double[][] {
                {0, 0, 1, -1, 3, 0, -2, 0}, {0.4, 0.3, 0, 0, 9, 8, 0, 0}});
    }

    @Test
    void aLayerWhoseSizeDoesNotDivideByMIsNamed() {
        ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("head.weight",
                Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 5))));
        assertThatThrownBy(() -> new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4)))
                .hasMessageContaining("head.weight").hasMessageContaining("[3, 5]").hasMessageContaining("M=4");
    }

    @Nested
    class Contract extends CompressorContract {
        @Override
        protected CompressorProvider provider() {
            return new NOfMProvider();
        }

        @Override
        protected List<CompressionTarget> targets() {
            return List.of(new CompressionTarget.NOfM(2, 4), new CompressionTarget.NOfM(4, 8),
                    new CompressionTarget.NOfM(1, 4));
        }

        /** Exactly N of every M: sparsity 1 - N/M over the prunable weights (no weight of the fixture is 0). */
        @Override
        protected void assertTargetMet(ParameterSet compressed, Mask mask, CompressionTarget target) {
            CompressionTarget.NOfM nm = (CompressionTarget.NOfM) target;
            assertThat(zeroFraction(compressed)).isEqualTo(1.0 - (double) nm.n() / nm.m());
        }
    }
}

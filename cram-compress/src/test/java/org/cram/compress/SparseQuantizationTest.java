package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

class SparseQuantizationTest {

    private static ParameterSet params(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] conv = Weights.uniform(r, 3 * 3 * 4 * 6);
        for (int i = 0; i < conv.length; i += 7) {
            conv[i] = 0.0; // some weights already zero
        }
        return new ParameterSet(List.of(
                Parameter.convWeight("conv.weight", Weights.floats(conv, 3, 3, 4, 6)),
                Parameter.of("bn.weight", ParameterRole.NORMALIZATION, false, Weights.floats(Weights.uniform(r, 6), 6)),
                Parameter.linearWeight("fc.weight", Weights.floats(Weights.uniform(r, 5 * 24), 5, 24))));
    }

    @Test
    void prunesLikeGlobalMagnitudeThenQuantizesTheKeptWeightsPerChannel() {
        int bits = 4;
        ParameterSet combined = params(71);
        ParameterSet pruned = params(71);
        ParameterSet original = params(71);
        Mask mask = new SparseQuantizationProvider().create(CompressorOptions.of(Map.of("bits", bits)))
                .compress(combined, CompressionTarget.sparsity(0.6));
        Mask pruneMask = new GlobalMagnitudePruning().compress(pruned, CompressionTarget.sparsity(0.6));

        for (int i : combined.prunableIndices()) {
            Parameter p = combined.get(i);
            assertThat(Weights.values(mask.entries().get(i))).as("the mask is the pruning mask")
                    .containsExactly(Weights.values(pruneMask.entries().get(i)));
            double[] before = Weights.values(original.get(i));
            double[] prunedValues = Weights.values(pruned.get(i));
            double[] after = Weights.values(p);
            int channels = (int) p.value().shape()[p.outputAxis()];
            long stride = p.outputAxis() == 3 ? 1 : p.value().shape()[1];
            double[] wmax = new double[channels];
            for (int j = 0; j < after.length; j++) {
                int c = (int) ((j / stride) % channels);
                wmax[c] = Math.max(wmax[c], Math.abs(prunedValues[j]));
            }
            for (int j = 0; j < after.length; j++) {
                int c = (int) ((j / stride) % channels);
                if (prunedValues[j] == 0.0) {
                    assertThat(after[j]).as("%s[%d] pruned or zero stays zero", p.name(), j).isZero();
                } else {
                    float expected = (float) QuantOracle.nearestSymmetricLevel(prunedValues[j], wmax[c], bits);
                    assertThat(after[j]).as("%s[%d] quantized", p.name(), j).isCloseTo(expected, within(1e-6));
                }
                if (before[j] == 0.0) {
                    assertThat(after[j]).isZero();
                }
            }
        }
        assertThat(Weights.values(combined.get("bn.weight"))).containsExactly(Weights.values(original.get(1)));
    }

    @Test
    void bitsOptionIsValidated() {
        assertThatThrownBy(() -> new SparseQuantizationProvider().create(CompressorOptions.of(Map.of("bits", 1))))
                .hasMessageContaining("'bits'").hasMessageContaining("got 1").hasMessageContaining("[2, 16]");
        assertThatThrownBy(() -> new SparseQuantizationProvider().create(CompressorOptions.of(Map.of("bits", 4.5))))
                .hasMessageContaining("got 4.5");
        assertThatThrownBy(() -> new SparseQuantizationProvider().create(CompressorOptions.of(Map.of("per_channel",
                "no")))).hasMessageContaining("'per_channel'").hasMessageContaining("true or false");
        assertThat(((SparseQuantization) new SparseQuantizationProvider().create(CompressorOptions.empty()))
                .bits()).isEqualTo(8);
    }
}

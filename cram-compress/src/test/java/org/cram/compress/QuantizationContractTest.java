package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.cram.api.testing.CompressorContract;

/**
 * The default {@code quantize} (fixed, per-channel) under the shared contract, with a stricter target check than
 * WeightQuantizationTest's: levels per channel and every value within half a step of the original.
 */
class QuantizationContractTest extends CompressorContract {
    private final Map<ParameterSet, ParameterSet> originals = new IdentityHashMap<>();

    @Override
    protected CompressorProvider provider() {
        return new QuantizationProvider();
    }

    @Override
    protected List<CompressionTarget> targets() {
        return List.of(new CompressionTarget.Bits(8), new CompressionTarget.Bits(4), new CompressionTarget.Bits(2));
    }

    @Override
    protected boolean zeroesWeights() {
        return false;
    }

    /** Remembers an untouched copy of every fixture, to compare the quantized values with. */
    @Override
    protected ParameterSet fixture(long seed) {
        ParameterSet params = super.fixture(seed);
        originals.put(params, super.fixture(seed));
        return params;
    }

    /** Per output channel: at most 2^bits distinct values, each within half a step of the original. */
    @Override
    protected void assertTargetMet(ParameterSet compressed, Mask mask, CompressionTarget target) {
        int bits = ((CompressionTarget.Bits) target).bits();
        assertThat(mask.entries()).isEmpty();
        ParameterSet original = originals.get(compressed);
        for (int i : compressed.prunableIndices()) {
            Parameter p = compressed.get(i);
            double[] before = Weights.values(original.get(i));
            double[] after = Weights.values(p);
            long channels = p.value().shape()[p.outputAxis()];
            long stride = Weights.product(p.value().shape()) / Weights.product(
                    java.util.Arrays.copyOf(p.value().shape(), p.outputAxis() + 1));
            for (int c = 0; c < channels; c++) {
                double wmax = 0;
                java.util.Set<Double> levels = new java.util.HashSet<>();
                for (int j = 0; j < before.length; j++) {
                    if ((j / stride) % channels == c) {
                        wmax = Math.max(wmax, Math.abs(before[j]));
                    }
                }
                double halfStep = wmax / ((1 << (bits - 1)) - 1) / 2;
                for (int j = 0; j < before.length; j++) {
                    if ((j / stride) % channels == c) {
                        levels.add(after[j]);
                        assertThat(Math.abs(after[j] - before[j])).as("%s[%d] at %d bits", p.name(), j, bits)
                                .isLessThanOrEqualTo(halfStep * (1 + 1e-6));
                    }
                }
                assertThat(levels.size()).as("%s channel %d", p.name(), c).isLessThanOrEqualTo(1 << bits);
            }
        }
    }
}

package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.cram.api.testing.CompressorContract;

/** The map fixes conv.weight at 0.8; fc.weight follows the target through {@code default: target}. */
class LayerMapMagnitudeContractTest extends CompressorContract {
    @Override
    protected CompressorProvider provider() {
        return new LayerMapMagnitudeProvider();
    }

    @Override
    protected CompressorOptions options() {
        return CompressorOptions.of(Map.of("sparsities", Map.of("conv.weight", 0.8), "default", "target"));
    }

    @Override
    protected List<CompressionTarget> targets() {
        return List.of(CompressionTarget.sparsity(0), CompressionTarget.sparsity(0.5),
                CompressionTarget.sparsity(0.9));
    }

    @Override
    protected void assertTargetMet(ParameterSet compressed, Mask mask, CompressionTarget target) {
        double t = ((CompressionTarget.Sparsity) target).fraction();
        assertLayer(compressed.get("conv.weight"), 0.8);
        assertLayer(compressed.get("fc.weight"), t);
    }

    /** Realized sparsity at least s and at most one weight above what s allows. */
    private static void assertLayer(Parameter p, double s) {
        double realized = (double) Weights.count(Weights.values(p), v -> v == 0.0) / p.numel();
        assertThat(realized).as(p.name()).isBetween(s - 1e-12, s + 1.0 / p.numel() + 1e-12);
    }
}

package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.compress.Mask;
import org.cram.api.param.ParameterSet;
import org.cram.api.testing.CompressorContract;

/** Kept weights are quantized, so they may change: zeroesWeights() is false; the sparsity target still holds. */
class SparseQuantizationContractTest extends CompressorContract {
    @Override
    protected CompressorProvider provider() {
        return new SparseQuantizationProvider();
    }

    @Override
    protected CompressorOptions options() {
        return CompressorOptions.of(Map.of("bits", 4));
    }

    @Override
    protected List<CompressionTarget> targets() {
        return List.of(CompressionTarget.sparsity(0.5), CompressionTarget.sparsity(0.7),
                CompressionTarget.sparsity(0.9));
    }

    @Override
    protected boolean zeroesWeights() {
        return false;
    }

    @Override
    protected void assertTargetMet(ParameterSet compressed, Mask mask, CompressionTarget target) {
        super.assertTargetMet(compressed, mask, target);
        double maskSparsity = mask.sparsity();
        assertThat(maskSparsity).isBetween(((CompressionTarget.Sparsity) target).fraction() - 1e-12,
                ((CompressionTarget.Sparsity) target).fraction() + 0.01);
    }
}

package org.cram.compress;

import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.testing.CompressorContract;

class GlobalMagnitudeExactContractTest extends CompressorContract {
    @Override
    protected CompressorProvider provider() {
        return new GlobalMagnitudeProvider();
    }

    @Override
    protected CompressorOptions options() {
        return CompressorOptions.of(Map.of("exact_count", true));
    }

    @Override
    protected List<CompressionTarget> targets() {
        return List.of(CompressionTarget.sparsity(0), CompressionTarget.sparsity(0.5),
                CompressionTarget.sparsity(0.7), CompressionTarget.sparsity(0.9), CompressionTarget.sparsity(0.95));
    }
}

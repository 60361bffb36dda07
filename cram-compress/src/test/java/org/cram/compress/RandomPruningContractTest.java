package org.cram.compress;

import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.testing.CompressorContract;

class RandomPruningContractTest extends CompressorContract {
    @Override
    protected CompressorProvider provider() {
        return new RandomPruningProvider();
    }

    @Override
    protected CompressorOptions options() {
        return CompressorOptions.of(Map.of("seed", 17));
    }

    @Override
    protected List<CompressionTarget> targets() {
        return List.of(CompressionTarget.sparsity(0), CompressionTarget.sparsity(0.5),
                CompressionTarget.sparsity(0.9));
    }
}

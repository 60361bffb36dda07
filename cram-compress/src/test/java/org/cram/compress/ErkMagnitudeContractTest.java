package org.cram.compress;

import java.util.List;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.testing.CompressorContract;

class ErkMagnitudeContractTest extends CompressorContract {
    @Override
    protected CompressorProvider provider() {
        return new ErkMagnitudeProvider();
    }

    @Override
    protected List<CompressionTarget> targets() {
        return List.of(CompressionTarget.sparsity(0), CompressionTarget.sparsity(0.2),
                CompressionTarget.sparsity(0.5), CompressionTarget.sparsity(0.9));
    }
}

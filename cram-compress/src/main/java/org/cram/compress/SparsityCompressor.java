package org.cram.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Base of the compressors that take a {@link CompressionTarget.Sparsity} target and return a pruning mask. */
abstract class SparsityCompressor implements Compressor {

    @Override
    public boolean supports(CompressionTarget target) {
        return target instanceof CompressionTarget.Sparsity;
    }

    @Override
    public Mask compress(ParameterSet parameters, CompressionTarget target) {
        if (!(target instanceof CompressionTarget.Sparsity sparsity)) {
            throw new IllegalArgumentException(name() + " takes a sparsity target, got " + target.label());
        }
        Map<Integer, INDArray> masks = new LinkedHashMap<>();
        prune(parameters, sparsity.fraction(), masks);
        return new Mask(masks);
    }

    /** Prunes in place to {@code sparsity}, putting each pruned parameter's mask into {@code masks}. */
    protected abstract void prune(ParameterSet parameters, double sparsity, Map<Integer, INDArray> masks);
}

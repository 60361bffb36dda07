package org.cram.compress;

import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.param.ParameterSet;

/** Base of the compressors that take a {@link CompressionTarget.Sparsity} target and return a pruning mask. */
abstract class SparsityCompressor implements Compressor {

    @Override
    public boolean supports(CompressionTarget target) {
        return target instanceof CompressionTarget.Sparsity;
    }

    @Override
    public Mask compress(ParameterSet parameters, CompressionTarget target) {
        return compress(parameters, target, null);
    }

    @Override
    public Mask compress(ParameterSet parameters, CompressionTarget target, Mask recycled) {
        if (!(target instanceof CompressionTarget.Sparsity sparsity)) {
            throw new IllegalArgumentException(name() + " takes a sparsity target, got " + target.label());
        }
        MaskArrays masks = new MaskArrays(recycled);
        prune(parameters, sparsity.fraction(), masks);
        return masks.toMask();
    }

    /** Prunes in place to {@code sparsity}, putting each pruned parameter's mask into {@code masks}. */
    abstract void prune(ParameterSet parameters, double sparsity, MaskArrays masks);
}

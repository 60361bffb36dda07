package org.cram.api.compress;

import org.cram.api.param.ParameterSet;

/**
 * A compression operator C: changes the prunable parameters in place and reports the mask it applied.
 *
 * <p>Contract, held by a shared contract test: only {@link org.cram.api.param.Parameter#isPrunable() prunable}
 * parameters change; the target is met; the returned mask agrees with the compressed values (a masked-out entry
 * is zero); compressing twice with the same target changes nothing more (idempotent); a compressor that draws
 * random numbers does so only from the seed it was created with. Implementations are stateless between calls
 * unless documented, and never know which optimizer calls them.
 */
public interface Compressor {

    /** The registered name of the provider that made this compressor. */
    String name();

    /** Whether this compressor understands the target (e.g. magnitude pruning takes {@code Sparsity}). */
    boolean supports(CompressionTarget target);

    /**
     * Compresses the prunable parameters in place.
     *
     * @return the mask of kept entries (an empty mask for compressors that do not zero weights, e.g. quantizers)
     * @throws IllegalArgumentException if the target is not {@link #supports supported}
     */
    Mask compress(ParameterSet parameters, CompressionTarget target);

    /**
     * As {@link #compress(ParameterSet, CompressionTarget)}, and may write the new mask into the arrays of
     * {@code recycled}, a mask this compressor returned for the same parameters that the caller no longer uses (an
     * optimizer that compresses every step hands back the previous step's mask). The result is the same as without
     * it; after the call {@code recycled} must not be used. The default ignores it.
     *
     * <p>Why: ND4J frees an array's native memory only after a garbage collection ({@code INDArray.close()} does not
     * free it in 1.0.0-M2.1), so a fresh mask per step lands on fresh pages; on this machine a page fault costs about
     * 17 us, and masks over 25.5M weights took 430 ms to allocate against 8 ms when the memory is reused.
     *
     * @param recycled an earlier mask of this compressor to overwrite, or {@code null}
     */
    default Mask compress(ParameterSet parameters, CompressionTarget target, Mask recycled) {
        return compress(parameters, target);
    }
}

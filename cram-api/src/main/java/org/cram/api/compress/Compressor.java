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
}

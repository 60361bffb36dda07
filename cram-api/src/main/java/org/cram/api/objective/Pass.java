package org.cram.api.objective;

/** Which of an optimizer's passes a gradient call belongs to; it decides what happens to batch-norm statistics. */
public enum Pass {
    /**
     * The gradient at the dense, unperturbed parameters. Batch-norm layers normalize with batch statistics and
     * update their running statistics (momentum 0.1), exactly as in a plain training step.
     */
    CLEAN,
    /**
     * A gradient at perturbed and/or compressed parameters (SAM ascent, CrAM's compressed point). Batch-norm
     * layers still normalize with batch statistics, but their running statistics are frozen: after the call they
     * are bit-identical to their values before it.
     */
    PERTURBED
}

package org.cram.api.optim;

/**
 * What one optimizer step saw, for listeners. Fields that an optimizer does not produce are {@code NaN}.
 *
 * @param cleanLoss        loss at the dense parameters (the value a run logs as its training loss)
 * @param compressedLoss   loss at the perturbed/compressed point (two-pass optimizers only)
 * @param targetSparsity   sparsity the compressor was asked for this step (drawn per step by -Multi variants)
 * @param realizedSparsity fraction of prunable weights the mask zeroed this step
 * @param cleanGradNorm    global L2 norm of the clean gradient
 * @param compressedGradNorm global L2 norm of the gradient at the compressed point, after masking
 * @param learningRate     learning rate used by the step
 * @param target           the compression target drawn this step, or {@code null} when nothing was compressed
 */
public record StepDiagnostics(double cleanLoss, double compressedLoss, double targetSparsity,
                              double realizedSparsity, double cleanGradNorm, double compressedGradNorm,
                              double learningRate, org.cram.api.compress.CompressionTarget target) {

    /** Diagnostics of a single-pass optimizer. */
    public static StepDiagnostics singlePass(double loss, double gradNorm, double learningRate) {
        return new StepDiagnostics(loss, Double.NaN, Double.NaN, Double.NaN, gradNorm, Double.NaN, learningRate,
                null);
    }
}

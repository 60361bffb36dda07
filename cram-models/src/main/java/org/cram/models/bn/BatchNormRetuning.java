package org.cram.models.bn;

import java.util.Iterator;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch-norm re-tuning after one-shot compression, as the reference's {@code fix_bn_stats}: reset every running
 * mean/variance to (0, 1), then run exactly {@code forwardPasses} training-mode forwards (momentum 0.1, batch
 * statistics, unbiased variance for the running update) with no gradient. Weights, and so masks, are untouched.
 */
public final class BatchNormRetuning {
    /** The reference's number of forward passes. */
    public static final int DEFAULT_FORWARD_PASSES = 100;

    private BatchNormRetuning() {
    }

    /**
     * Re-tunes the model's statistics.
     *
     * @param calibrationBatches an endless (cycling) source of calibration feature batches, augmented as the
     *                           caller wants; exactly {@code forwardPasses} are taken
     * @throws IllegalArgumentException if the source runs dry before {@code forwardPasses} batches
     */
    public static void retune(Model model, Iterator<INDArray> calibrationBatches, int forwardPasses) {
        if (forwardPasses < 1) {
            throw new IllegalArgumentException("bn re-tuning needs at least one forward pass, got " + forwardPasses);
        }
        if (!model.hasBatchNorm()) {
            return;
        }
        model.resetBatchNormStatistics();
        for (int i = 0; i < forwardPasses; i++) {
            if (!calibrationBatches.hasNext()) {
                throw new IllegalArgumentException("calibration data ran out after " + i + " of " + forwardPasses
                        + " batches; give a cycling source");
            }
            model.output(calibrationBatches.next(), ForwardMode.TRAIN);
        }
    }
}

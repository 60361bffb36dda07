package org.cram.experiments.sweep;

import java.util.Iterator;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.data.ImageAugmentation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An endless source of augmented calibration batches for batch-norm re-tuning, as the reference's loader over the
 * calibration subset: shuffled each pass, the last batch of a pass partial, fresh augmentation every time.
 * The same seed gives the same sequence, so every point of a sweep is re-tuned on identical data.
 */
final class CalibrationBatches implements Iterator<INDArray> {
    private final BatchLoader loader;
    private final ImageAugmentation augmentation;
    private final SplittableRandom random;
    private Iterator<Batch> current;
    private int pass;

    CalibrationBatches(Dataset calibration, int batchSize, ImageAugmentation augmentation, long seed) {
        this.loader = new BatchLoader(calibration, batchSize, true, false, seed);
        this.augmentation = augmentation;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.current = loader.epoch(0).iterator();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public INDArray next() {
        if (!current.hasNext()) {
            current = loader.epoch(++pass).iterator();
        }
        return augmentation.apply(current.next(), random).features();
    }
}

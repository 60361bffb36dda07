package org.cram.api.data;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A mini-batch: features {@code [n, ...]} and one integer class label per example. */
public final class Batch {
    private final INDArray features;
    private final int[] labels;

    public Batch(INDArray features, int[] labels) {
        this.features = Objects.requireNonNull(features, "features");
        this.labels = labels.clone();
        if (features.size(0) != labels.length) {
            throw new IllegalArgumentException("batch has " + features.size(0) + " feature rows but "
                    + labels.length + " labels");
        }
    }

    public INDArray features() {
        return features;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int i) {
        return labels[i];
    }

    public int size() {
        return labels.length;
    }
}

package org.cram.api.data;

/**
 * A finite, random-access labelled dataset held in memory. Examples are addressed by index so that loaders can
 * shuffle with their own seeded generator and draw calibration subsets reproducibly.
 */
public interface Dataset {

    /** Where the data came from, e.g. {@code "fashion-mnist/train"}; recorded as the run's data identity. */
    String name();

    int size();

    int numClasses();

    /** Shape of one example's features, e.g. {@code [1, 28, 28]}. */
    long[] featureShape();

    /** The examples at these indices, in this order, as one batch (features copied into a fresh array). */
    Batch batch(int[] indices);
}

package org.cram.experiments.data;

import java.util.Objects;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An image classification dataset held in one {@code float[]} of {@code N x C x H x W} (already normalized) features
 * plus one integer label per example.
 *
 * <p><b>Layout.</b> By default {@link #batch(int[])} returns features of shape {@code [n, C, H, W]} (for
 * convolutional models). {@link #asFlat()} returns a view of the same data whose batches are {@code [n, C*H*W]}
 * (for MLPs); {@link #asImages()} goes back. The flag only changes the batch shape, not the stored data, and
 * {@link #featureShape()} follows it.
 *
 * <p>Immutable: the arrays are never exposed, so views and subsets may share storage safely.
 */
public final class InMemoryImageDataset implements Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int numClasses;
    private final int channels;
    private final int height;
    private final int width;
    private final int exampleLength;
    private final boolean flat;

    /**
     * Copies {@code features} and {@code labels}.
     *
     * @param features {@code labels.length * channels * height * width} values, example after example, each
     *        {@code C x H x W} row-major
     * @param labels class of each example, in {@code [0, numClasses)}
     */
    public InMemoryImageDataset(String name, float[] features, int[] labels, int numClasses, int channels,
            int height, int width) {
        this(name, features.clone(), labels.clone(), numClasses, channels, height, width, false);
    }

    private InMemoryImageDataset(String name, float[] features, int[] labels, int numClasses, int channels,
            int height, int width, boolean flat) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        if (numClasses < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("dataset '" + name + "': numClasses, channels, height and width must "
                    + "be positive, got " + numClasses + ", " + channels + ", " + height + ", " + width);
        }
        long length = (long) channels * height * width;
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dataset '" + name + "': example of " + channels + "x" + height + "x"
                    + width + " is too large");
        }
        if ((long) labels.length * length != features.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " examples of " + channels
                    + "x" + height + "x" + width + " need " + labels.length * length + " feature values, got "
                    + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        this.features = features;
        this.labels = labels;
        this.numClasses = numClasses;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.exampleLength = (int) length;
        this.flat = flat;
    }

    /** Takes ownership of the arrays (no copy); for loaders in this package that just built them. */
    static InMemoryImageDataset owning(String name, float[] features, int[] labels, int numClasses, int channels,
            int height, int width) {
        return new InMemoryImageDataset(name, features, labels, numClasses, channels, height, width, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** {@code [C, H, W]}, or {@code [C*H*W]} for a {@linkplain #asFlat() flat} view. */
    @Override
    public long[] featureShape() {
        return flat ? new long[] {exampleLength} : new long[] {channels, height, width};
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of feature values per example, {@code C*H*W}. */
    public int exampleLength() {
        return exampleLength;
    }

    /** Whether batches are {@code [n, C*H*W]} rather than {@code [n, C, H, W]}. */
    public boolean isFlat() {
        return flat;
    }

    /** This dataset with batches of shape {@code [n, C*H*W]}; shares storage, same name. */
    public InMemoryImageDataset asFlat() {
        return flat ? this : new InMemoryImageDataset(name, features, labels, numClasses, channels, height, width, true);
    }

    /** This dataset with batches of shape {@code [n, C, H, W]}; shares storage, same name. */
    public InMemoryImageDataset asImages() {
        return flat ? new InMemoryImageDataset(name, features, labels, numClasses, channels, height, width, false) : this;
    }

    public int label(int index) {
        checkIndex(index, -1);
        return labels[index];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Number of examples of each class, indexed by class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** A copy of one example's {@code C*H*W} feature values. */
    public float[] example(int index) {
        checkIndex(index, -1);
        float[] out = new float[exampleLength];
        System.arraycopy(features, index * exampleLength, out, 0, exampleLength);
        return out;
    }

    /**
     * The examples at {@code indices} (in that order, duplicates allowed) as a fresh FLOAT batch of shape
     * {@code [n, C, H, W]}, or {@code [n, C*H*W]} if {@linkplain #isFlat() flat}.
     *
     * @throws IllegalArgumentException if {@code indices} is empty
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    @Override
    public Batch batch(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "': a batch needs at least one index");
        }
        float[] out = gather(indices);
        int[] batchLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            batchLabels[i] = labels[indices[i]];
        }
        long n = indices.length;
        long[] shape = flat ? new long[] {n, exampleLength} : new long[] {n, channels, height, width};
        INDArray array = Nd4j.create(out, shape, DataType.FLOAT);
        return new Batch(array, batchLabels);
    }

    /**
     * A new dataset holding copies of the examples at {@code indices} (in that order, duplicates allowed), with the
     * same layout flag.
     */
    public InMemoryImageDataset subset(int[] indices, String subsetName) {
        Objects.requireNonNull(indices, "indices");
        float[] subFeatures = gather(indices);
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            subLabels[i] = labels[indices[i]];
        }
        return new InMemoryImageDataset(subsetName, subFeatures, subLabels, numClasses, channels, height, width, flat);
    }

    private float[] gather(int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i], i);
        }
        long total = (long) indices.length * exampleLength;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dataset '" + name + "': " + indices.length + " examples of "
                    + exampleLength + " values do not fit in one array");
        }
        float[] out = new float[(int) total];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * exampleLength, out, i * exampleLength, exampleLength);
        }
        return out;
    }

    private void checkIndex(int index, int position) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("index " + index + (position >= 0 ? " at position " + position : "")
                    + " is out of range for dataset '" + name + "' of size " + labels.length);
        }
    }

    @Override
    public String toString() {
        return "InMemoryImageDataset[" + name + ", " + labels.length + " x " + channels + "x" + height + "x" + width
                + (flat ? " (flat)" : "") + ", " + numClasses + " classes]";
    }
}

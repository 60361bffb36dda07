package org.cram.experiments.data;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Dataset} over an {@link ImageFolder} that decodes lazily: {@link #batch(int[])} decodes and transforms
 * just the requested images, so memory holds one batch of pixels, never the whole dataset (an ImageNet-sized tree
 * would need hundreds of gigabytes as floats). The price is decoding on every access; decoding runs on the calling
 * thread, one image after another, so the loader's two-core budget is not contended.
 *
 * <p>Evaluation datasets apply {@link ImageNetTransforms#evaluate} and always return the same features for an
 * index. Training datasets apply {@link ImageNetTransforms#train}, drawing each batch's randomness from a generator
 * derived from the seed and the number of batches drawn so far, so a run that requests the same batches in the same
 * order sees the same crops and flips; {@link #batch(int[], SplittableRandom)} takes an explicit generator instead.
 *
 * <p>Batches are FLOAT {@code [n, 3, crop, crop]}. A file that cannot be decoded, or exceeds the decoder's pixel
 * limit, raises a {@link DataFileException} naming it.
 */
public final class ImageFolderDataset implements Dataset {
    private final String name;
    private final ImageFolder folder;
    private final ImageNetTransforms transforms;
    private final ImageDecoder decoder;
    private final boolean training;
    private final long seed;
    private final AtomicLong batchesDrawn = new AtomicLong();

    private ImageFolderDataset(String name, ImageFolder folder, ImageNetTransforms transforms, ImageDecoder decoder,
            boolean training, long seed) {
        this.name = Objects.requireNonNull(name, "name");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.transforms = Objects.requireNonNull(transforms, "transforms");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.training = training;
        this.seed = seed;
        if (folder.size() == 0) {
            throw new IllegalArgumentException("image folder " + folder.root() + " holds no images");
        }
    }

    /** The deterministic evaluation pipeline (resize, center crop, normalize). */
    public static ImageFolderDataset evaluation(String name, ImageFolder folder, ImageNetTransforms transforms,
            ImageDecoder decoder) {
        return new ImageFolderDataset(name, folder, transforms, decoder, false, 0L);
    }

    /** The augmenting training pipeline (random resized crop, random flip, normalize), seeded. */
    public static ImageFolderDataset training(String name, ImageFolder folder, ImageNetTransforms transforms,
            ImageDecoder decoder, long seed) {
        return new ImageFolderDataset(name, folder, transforms, decoder, true, seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return folder.size();
    }

    @Override
    public int numClasses() {
        return folder.numClasses();
    }

    @Override
    public long[] featureShape() {
        return transforms.featureShape();
    }

    /** The underlying file list. */
    public ImageFolder folder() {
        return folder;
    }

    /** Whether batches use the random training transform. */
    public boolean isTraining() {
        return training;
    }

    /**
     * Decodes and transforms the images at {@code indices}; a training dataset draws this batch's randomness from
     * {@code (seed, number of batches drawn before)}.
     */
    @Override
    public Batch batch(int[] indices) {
        SplittableRandom rng = training ? new SplittableRandom(BatchLoader.epochSeed(seed,
                (int) batchesDrawn.getAndIncrement())) : null;
        return build(indices, rng);
    }

    /**
     * Decodes and transforms the images at {@code indices}, a training dataset drawing its randomness from
     * {@code rng} (ignored for evaluation).
     */
    public Batch batch(int[] indices, SplittableRandom rng) {
        return build(indices, training ? Objects.requireNonNull(rng, "rng") : null);
    }

    private Batch build(int[] indices, SplittableRandom rng) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "': a batch needs at least one index");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= folder.size()) {
                throw new IndexOutOfBoundsException("index " + indices[i] + " at position " + i
                        + " is out of range for dataset '" + name + "' of size " + folder.size());
            }
        }
        int length = Math.toIntExact(3L * transforms.cropSize() * transforms.cropSize());
        float[] out = new float[Math.toIntExact((long) indices.length * length)];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            RgbImage image = decoder.decode(folder.file(indices[i]));
            float[] features = rng == null ? transforms.evaluate(image) : transforms.train(image, rng);
            System.arraycopy(features, 0, out, i * length, length);
            labels[i] = folder.label(indices[i]);
        }
        long crop = transforms.cropSize();
        return new Batch(Nd4j.create(out, new long[] {indices.length, 3, crop, crop}, DataType.FLOAT), labels);
    }

    @Override
    public String toString() {
        return "ImageFolderDataset[" + name + ", " + folder.size() + " images, " + folder.numClasses() + " classes, "
                + (training ? "training" : "evaluation") + ", " + transforms + "]";
    }
}

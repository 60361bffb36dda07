package org.cram.experiments.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard training-time augmentation for small images: random crop with zero padding, then random horizontal
 * flip, drawn independently per example.
 *
 * <p>Crop: the image is conceptually padded with {@code padding} zero pixels on every side and an {@code H x W}
 * window is cut at a uniformly random offset, i.e. the image is shifted by {@code dy, dx} in
 * {@code [-padding, padding]} with zeros filling the uncovered border. Flip: with probability
 * {@code flipProbability} each row is mirrored left-right. The same shift and flip apply to all channels of an
 * example.
 *
 * <p>The border is filled with {@code fill}, in the units of the features as given: torchvision crops before it
 * normalizes, so to match it pass the normalized value of a black pixel (e.g. {@link FashionMnist#normalize}(0)).
 * Randomness comes only from the caller's generator, so equal seeds
 * give equal results. Works on a plain {@code float[]} copy of the batch; the result is a new FLOAT batch with the
 * input's shape and labels, the input is left untouched.
 */
public final class ImageAugmentation {
    private final int padding;
    private final double flipProbability;
    private final float[] fill;

    /** Augmentation that fills the border with 0. */
    public ImageAugmentation(int padding, double flipProbability) {
        this(padding, flipProbability, 0f);
    }

    /**
     * @param padding maximal shift in pixels (2 is usual for 28x28 images, 4 for 32x32); 0 disables cropping
     * @param flipProbability chance to mirror an example, in {@code [0, 1]}; 0.5 is usual, 0 disables flipping
     * @param fill value of the border pixels uncovered by a shift
     */
    public ImageAugmentation(int padding, double flipProbability, float fill) {
        this(padding, flipProbability, new float[] {fill});
    }

    /**
     * @param fill one border value per channel (or one for all channels), e.g. the normalized black of each
     *             channel, as torchvision pads before normalizing
     */
    public ImageAugmentation(int padding, double flipProbability, float[] fill) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + padding);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        this.padding = padding;
        this.flipProbability = flipProbability;
        if (fill.length == 0) {
            throw new IllegalArgumentException("fill needs at least one value");
        }
        this.fill = fill.clone();
    }

    public int padding() {
        return padding;
    }

    public double flipProbability() {
        return flipProbability;
    }

    /** Augments a batch whose features are images {@code [n, C, H, W]}. */
    public Batch apply(Batch batch, SplittableRandom rng) {
        long[] shape = batch.features().shape();
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected image features [n, C, H, W], got shape "
                    + Arrays.toString(shape) + "; for flat features use apply(batch, C, H, W, rng)");
        }
        return apply(batch, (int) shape[1], (int) shape[2], (int) shape[3], rng);
    }

    /**
     * Augments a batch whose features hold {@code C x H x W} row-major values per example in any shape, e.g. flat
     * {@code [n, C*H*W]} for MLPs; the output keeps the input's shape.
     */
    public Batch apply(Batch batch, int channels, int height, int width, SplittableRandom rng) {
        Objects.requireNonNull(rng, "rng");
        INDArray features = batch.features();
        int n = batch.size();
        long exampleLength = (long) channels * height * width;
        if (channels < 1 || height < 1 || width < 1 || features.length() != n * exampleLength) {
            throw new IllegalArgumentException("features of shape " + Arrays.toString(features.shape())
                    + " do not hold " + n + " examples of " + channels + "x" + height + "x" + width);
        }
        // dup('c') gives a dense, offset-free buffer whatever the input's view/order.
        float[] src = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] dst = new float[src.length];
        if (fill.length != 1 && fill.length != channels) {
            throw new IllegalArgumentException("fill has " + fill.length + " values for " + channels + " channels");
        }
        int plane = height * width;
        for (int c = 0; c < dst.length / plane; c++) {
            float f = fill[fill.length == 1 ? 0 : c % channels];
            if (f != 0f) {
                Arrays.fill(dst, c * plane, (c + 1) * plane, f);
            }
        }
        int span = 2 * padding + 1;
        for (int i = 0; i < n; i++) {
            int dy = rng.nextInt(span) - padding;
            int dx = rng.nextInt(span) - padding;
            boolean flip = rng.nextDouble() < flipProbability;
            transform(src, dst, (int) (i * exampleLength), channels, height, width, dy, dx, flip);
        }
        return new Batch(Nd4j.create(dst, features.shape(), DataType.FLOAT), batch.labels());
    }

    /**
     * Writes one example: {@code out[c][y][x] = in[c][y + dy][x + dx]} (fill outside the image), then mirrored if
     * {@code flip}. {@code dst} must hold the fill value in the example's range.
     */
    static void transform(float[] src, float[] dst, int base, int channels, int height, int width, int dy, int dx,
            boolean flip) {
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(width, width - dx);
        for (int c = 0; c < channels; c++) {
            int plane = base + c * height * width;
            for (int y = 0; y < height; y++) {
                int out = plane + y * width;
                int sy = y + dy;
                if (sy >= 0 && sy < height && x1 > x0) {
                    System.arraycopy(src, plane + sy * width + x0 + dx, dst, out + x0, x1 - x0);
                }
                if (flip) {
                    reverse(dst, out, width);
                }
            }
        }
    }

    private static void reverse(float[] a, int from, int length) {
        for (int i = from, j = from + length - 1; i < j; i++, j--) {
            float t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

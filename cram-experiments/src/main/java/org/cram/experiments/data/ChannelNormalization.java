package org.cram.experiments.data;

import java.util.Arrays;

/**
 * Per-channel standardization {@code (value - mean[c]) / std[c]} of image values scaled to {@code [0, 1]}, as
 * torchvision's {@code Normalize} after {@code ToTensor}. The constants of the reference training scripts live here,
 * in one place: {@link #CIFAR10} and {@link #IMAGENET}. Immutable.
 */
public final class ChannelNormalization {
    /** CIFAR-10 as in the reference: mean (0.4914, 0.4822, 0.4465), std (0.2023, 0.1994, 0.2010). */
    public static final ChannelNormalization CIFAR10 = new ChannelNormalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2023f, 0.1994f, 0.2010f});
    /** ImageNet as in torchvision's reference: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). */
    public static final ChannelNormalization IMAGENET = new ChannelNormalization(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final float[] mean;
    private final float[] std;

    /** @param mean per-channel mean of values in [0, 1]; @param std per-channel standard deviation (positive) */
    public ChannelNormalization(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length
                    + " means and " + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std values must be positive and finite, got "
                        + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    /** Mean of one channel, for values in [0, 1]. */
    public float mean(int channel) {
        return mean[channel];
    }

    /** Standard deviation of one channel, for values in [0, 1]. */
    public float std(int channel) {
        return std[channel];
    }

    /** Normalized feature of a value already scaled to {@code [0, 1]}. */
    public float normalize(int channel, float value01) {
        return (value01 - mean[channel]) / std[channel];
    }

    /** Normalized feature of an 8-bit pixel value {@code [0, 255]}: {@code (pixel / 255 - mean) / std}. */
    public float normalizePixel(int channel, int pixel) {
        return normalize(channel, pixel / 255f);
    }

    /**
     * A lookup table {@code [channel * 256 + pixel]} of {@link #normalizePixel} for all 8-bit values, so bulk loads
     * use exactly the same arithmetic.
     */
    float[] pixelTable() {
        float[] table = new float[mean.length * 256];
        for (int c = 0; c < mean.length; c++) {
            for (int p = 0; p < 256; p++) {
                table[c * 256 + p] = normalizePixel(c, p);
            }
        }
        return table;
    }

    @Override
    public String toString() {
        return "ChannelNormalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}

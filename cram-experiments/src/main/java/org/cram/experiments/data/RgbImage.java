package org.cram.experiments.data;

import java.util.Objects;

/**
 * A 3-channel image as {@code float} values in {@code [0, 255]}, stored channel-major ({@code [3, H, W]}: all red
 * values row by row, then green, then blue). Values stay floating point between transform steps, so resizing does
 * not round. Immutable: operations return new images and the array is never exposed.
 */
public final class RgbImage {
    /** Number of channels. */
    public static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final float[] values;

    private RgbImage(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.values = values;
    }

    /**
     * An image from channel-major values (copied).
     *
     * @param values {@code 3 * height * width} values
     */
    public static RgbImage of(int width, int height, float[] values) {
        checkSize(width, height);
        Objects.requireNonNull(values, "values");
        if (values.length != (long) CHANNELS * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                    + (long) CHANNELS * width * height + " values, got " + values.length);
        }
        return new RgbImage(width, height, values.clone());
    }

    /** An image from packed {@code 0xRRGGBB} pixels, row-major (the alpha byte is ignored). */
    public static RgbImage fromPackedRgb(int width, int height, int[] rgb) {
        checkSize(width, height);
        if (rgb.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + (long) width * height
                    + " pixels, got " + rgb.length);
        }
        int plane = width * height;
        float[] v = new float[CHANNELS * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            v[i] = (p >>> 16) & 0xFF;
            v[plane + i] = (p >>> 8) & 0xFF;
            v[2 * plane + i] = p & 0xFF;
        }
        return new RgbImage(width, height, v);
    }

    /** Takes ownership of {@code values} (no copy); for transforms in this package that just built them. */
    static RgbImage owning(int width, int height, float[] values) {
        return new RgbImage(width, height, values);
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1 || (long) CHANNELS * width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("unsupported image size " + width + "x" + height);
        }
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** The value of one channel at one pixel, in {@code [0, 255]}. */
    public float value(int channel, int y, int x) {
        Objects.checkIndex(channel, CHANNELS);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return values[(channel * height + y) * width + x];
    }

    /** A copy of the channel-major values. */
    public float[] values() {
        return values.clone();
    }

    /** The rectangle of {@code cropHeight x cropWidth} pixels whose top-left corner is at {@code (top, left)}. */
    public RgbImage crop(int top, int left, int cropHeight, int cropWidth) {
        if (top < 0 || left < 0 || cropHeight < 1 || cropWidth < 1 || top + cropHeight > height
                || left + cropWidth > width) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " at (top " + top + ", left "
                    + left + ") does not fit in a " + width + "x" + height + " image");
        }
        float[] out = new float[CHANNELS * cropHeight * cropWidth];
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < cropHeight; y++) {
                System.arraycopy(values, (c * height + top + y) * width + left, out, (c * cropHeight + y) * cropWidth,
                        cropWidth);
            }
        }
        return new RgbImage(cropWidth, cropHeight, out);
    }

    /** This image mirrored left to right. */
    public RgbImage flipHorizontal() {
        float[] out = new float[values.length];
        for (int row = 0; row < CHANNELS * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = values[base + width - 1 - x];
            }
        }
        return new RgbImage(width, height, out);
    }

    /** The values scaled to {@code [0, 1]} and standardized per channel, channel-major. */
    public float[] normalized(ChannelNormalization normalization) {
        if (normalization.channels() != CHANNELS) {
            throw new IllegalArgumentException("normalization has " + normalization.channels()
                    + " channels, the image " + CHANNELS);
        }
        int plane = width * height;
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = normalization.normalize(i / plane, values[i] / 255f);
        }
        return out;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}

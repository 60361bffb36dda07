package org.cram.experiments.data;

/**
 * Bilinear resizing as Pillow's {@code Image.resize(size, BILINEAR)} does it, which is what torchvision's
 * {@code Resize} and {@code RandomResizedCrop} use on PIL images: a separable triangle filter over pixel centres
 * ({@code center = (i + 0.5) * scale}), widened by the scale factor when shrinking so that downscaling averages
 * (antialiases) instead of skipping pixels, and with the weights renormalized where the window meets the border.
 * Rows are resampled first, then columns.
 *
 * <p>Unlike Pillow, which rounds to 8 bits after each pass, values stay {@code float}; results agree with Pillow to
 * within that rounding. Upscaling reduces to ordinary bilinear interpolation with half-pixel centres
 * ({@code align_corners=False}).
 */
public final class ImageResampler {
    private ImageResampler() {
    }

    /** {@code image} resized to {@code outWidth x outHeight}. */
    public static RgbImage resize(RgbImage image, int outWidth, int outHeight) {
        if (outWidth < 1 || outHeight < 1 || (long) RgbImage.CHANNELS * outWidth * outHeight > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("unsupported output size " + outWidth + "x" + outHeight);
        }
        int inW = image.width();
        int inH = image.height();
        if (inW == outWidth && inH == outHeight) {
            return image;
        }
        float[] src = image.values();
        float[] horizontal = src;
        if (outWidth != inW) {
            Weights wx = Weights.of(inW, outWidth);
            horizontal = new float[RgbImage.CHANNELS * inH * outWidth];
            for (int row = 0; row < RgbImage.CHANNELS * inH; row++) {
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0;
                    int first = wx.first[x];
                    for (int k = 0; k < wx.count[x]; k++) {
                        sum += wx.weight[x * wx.stride + k] * src[row * inW + first + k];
                    }
                    horizontal[row * outWidth + x] = (float) sum;
                }
            }
        }
        if (outHeight == inH) {
            return RgbImage.owning(outWidth, outHeight, horizontal);
        }
        Weights wy = Weights.of(inH, outHeight);
        float[] out = new float[RgbImage.CHANNELS * outHeight * outWidth];
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            int inPlane = c * inH * outWidth;
            int outPlane = c * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                int first = wy.first[y];
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0;
                    for (int k = 0; k < wy.count[y]; k++) {
                        sum += wy.weight[y * wy.stride + k] * horizontal[inPlane + (first + k) * outWidth + x];
                    }
                    out[outPlane + y * outWidth + x] = (float) sum;
                }
            }
        }
        return RgbImage.owning(outWidth, outHeight, out);
    }

    /** Filter taps for one axis: output {@code i} reads {@code count[i]} inputs from {@code first[i]} on. */
    static final class Weights {
        final int[] first;
        final int[] count;
        final double[] weight;
        final int stride;

        private Weights(int[] first, int[] count, double[] weight, int stride) {
            this.first = first;
            this.count = count;
            this.weight = weight;
            this.stride = stride;
        }

        /** Pillow's {@code precompute_coeffs} for the bilinear (triangle, support 1) filter. */
        static Weights of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            double[] weight = new double[outSize * stride];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int min = Math.max(0, (int) (center - support + 0.5));
                int max = Math.min(inSize, (int) (center + support + 0.5));
                double total = 0;
                for (int j = min; j < max; j++) {
                    double w = triangle((j - center + 0.5) / filterScale);
                    weight[i * stride + j - min] = w;
                    total += w;
                }
                for (int j = min; j < max; j++) {
                    weight[i * stride + j - min] = total == 0 ? 0 : weight[i * stride + j - min] / total;
                }
                first[i] = min;
                count[i] = max - min;
            }
            return new Weights(first, count, weight, stride);
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1 ? 1 - a : 0;
        }
    }
}

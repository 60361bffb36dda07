package org.cram.experiments.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The image transforms of torchvision's ImageNet reference, on {@link RgbImage}s, ending in normalized
 * channel-major features of {@code 3 x crop x crop}:
 * <ul>
 *   <li>evaluation: {@code Resize(resize)} (shorter side to {@code resize}, bilinear, aspect kept) then
 *       {@code CenterCrop(crop)}, then {@code ToTensor} and {@code Normalize};</li>
 *   <li>training: {@code RandomResizedCrop(crop, scale, ratio)} (bilinear) then
 *       {@code RandomHorizontalFlip(p)}, then {@code ToTensor} and {@code Normalize}.</li>
 * </ul>
 * The {@linkplain #standard() standard} sizes are resize 256 / crop 224, scale (0.08, 1), ratio (3/4, 4/3), flip
 * probability 0.5 and {@link ChannelNormalization#IMAGENET}; the {@code with...} methods give variants (e.g. tiny
 * images for tests). Resizing is {@link ImageResampler}'s Pillow-style bilinear filter. Randomness comes only from
 * the caller's generator. Immutable.
 */
public final class ImageNetTransforms {
    /** The reference's evaluation resize (shorter side). */
    public static final int DEFAULT_RESIZE = 256;
    /** The reference's crop size. */
    public static final int DEFAULT_CROP = 224;

    private static final int ATTEMPTS = 10;

    private final int resizeSize;
    private final int cropSize;
    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;
    private final double flipProbability;
    private final ChannelNormalization normalization;

    /** Where a crop lies in its source image. */
    public record CropBox(int top, int left, int height, int width) {
    }

    private ImageNetTransforms(int resizeSize, int cropSize, double minScale, double maxScale, double minRatio,
            double maxRatio, double flipProbability, ChannelNormalization normalization) {
        if (cropSize < 1 || resizeSize < cropSize) {
            throw new IllegalArgumentException("need 1 <= crop <= resize, got resize " + resizeSize + ", crop "
                    + cropSize);
        }
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("need 0 < min scale <= max scale <= 1, got (" + minScale + ", "
                    + maxScale + ")");
        }
        if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
            throw new IllegalArgumentException("need 0 < min ratio <= max ratio, got (" + minRatio + ", " + maxRatio
                    + ")");
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        this.resizeSize = resizeSize;
        this.cropSize = cropSize;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.minRatio = minRatio;
        this.maxRatio = maxRatio;
        this.flipProbability = flipProbability;
        this.normalization = Objects.requireNonNull(normalization, "normalization");
    }

    /** The reference settings: resize 256, crop 224, scale (0.08, 1), ratio (3/4, 4/3), flip 0.5, ImageNet stats. */
    public static ImageNetTransforms standard() {
        return new ImageNetTransforms(DEFAULT_RESIZE, DEFAULT_CROP, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.5,
                ChannelNormalization.IMAGENET);
    }

    /** These transforms with another evaluation resize and output crop size ({@code crop <= resize}). */
    public ImageNetTransforms withSizes(int resize, int crop) {
        return new ImageNetTransforms(resize, crop, minScale, maxScale, minRatio, maxRatio, flipProbability,
                normalization);
    }

    /** These transforms with another {@code RandomResizedCrop} area range, fractions of the image area. */
    public ImageNetTransforms withScale(double min, double max) {
        return new ImageNetTransforms(resizeSize, cropSize, min, max, minRatio, maxRatio, flipProbability,
                normalization);
    }

    /** These transforms with another {@code RandomResizedCrop} aspect-ratio (width / height) range. */
    public ImageNetTransforms withRatio(double min, double max) {
        return new ImageNetTransforms(resizeSize, cropSize, minScale, maxScale, min, max, flipProbability,
                normalization);
    }

    /** These transforms with another horizontal-flip probability (0 disables flipping). */
    public ImageNetTransforms withFlipProbability(double p) {
        return new ImageNetTransforms(resizeSize, cropSize, minScale, maxScale, minRatio, maxRatio, p, normalization);
    }

    /** These transforms with another normalization. */
    public ImageNetTransforms withNormalization(ChannelNormalization n) {
        return new ImageNetTransforms(resizeSize, cropSize, minScale, maxScale, minRatio, maxRatio, flipProbability,
                n);
    }

    /** The evaluation resize of the shorter side. */
    public int resizeSize() {
        return resizeSize;
    }

    /** The side of the square output crop. */
    public int cropSize() {
        return cropSize;
    }

    /** The normalization applied last. */
    public ChannelNormalization normalization() {
        return normalization;
    }

    /** Shape of the features an image becomes: {@code [3, crop, crop]}. */
    public long[] featureShape() {
        return new long[] {RgbImage.CHANNELS, cropSize, cropSize};
    }

    /** The evaluation transform: resize, center crop, normalize; {@code 3 * crop * crop} values. */
    public float[] evaluate(RgbImage image) {
        return centerCrop(resizeShorterSide(image)).normalized(normalization);
    }

    /** The training transform: random resized crop, random flip, normalize; {@code 3 * crop * crop} values. */
    public float[] train(RgbImage image, SplittableRandom rng) {
        Objects.requireNonNull(rng, "rng");
        CropBox box = randomResizedCropBox(image.width(), image.height(), rng);
        RgbImage out = ImageResampler.resize(image.crop(box.top(), box.left(), box.height(), box.width()), cropSize,
                cropSize);
        if (rng.nextDouble() < flipProbability) {
            out = out.flipHorizontal();
        }
        return out.normalized(normalization);
    }

    /**
     * torchvision's {@code Resize(int)}: the shorter side becomes {@code resize}, the longer one
     * {@code floor(resize * long / short)}.
     */
    public RgbImage resizeShorterSide(RgbImage image) {
        int w = image.width();
        int h = image.height();
        if (w <= h) {
            return ImageResampler.resize(image, resizeSize, (int) ((long) resizeSize * h / w));
        }
        return ImageResampler.resize(image, (int) ((long) resizeSize * w / h), resizeSize);
    }

    /** torchvision's {@code CenterCrop}: offsets {@code round((size - crop) / 2)}, rounding half to even. */
    public RgbImage centerCrop(RgbImage image) {
        if (image.width() < cropSize || image.height() < cropSize) {
            throw new IllegalArgumentException("cannot center-crop " + cropSize + "x" + cropSize + " from a "
                    + image.width() + "x" + image.height() + " image");
        }
        int top = (int) Math.rint((image.height() - cropSize) / 2.0);
        int left = (int) Math.rint((image.width() - cropSize) / 2.0);
        return image.crop(top, left, cropSize, cropSize);
    }

    /**
     * torchvision's {@code RandomResizedCrop.get_params}: up to 10 attempts at a box of area {@code U(scale) * area}
     * and aspect ratio {@code exp(U(log ratio))} (sides rounded half to even) that fits, placed uniformly; otherwise
     * the central crop with the ratio clamped to the range (the whole image if its ratio is inside it).
     */
    public CropBox randomResizedCropBox(int width, int height, SplittableRandom rng) {
        double area = (double) width * height;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * uniform(rng, minScale, maxScale);
            double aspect = Math.exp(uniform(rng, logMin, logMax));
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < minRatio) {
            w = width;
            h = Math.max(1, (int) Math.rint(w / minRatio));
        } else if (inRatio > maxRatio) {
            h = height;
            w = Math.max(1, (int) Math.rint(h * maxRatio));
        } else {
            w = width;
            h = height;
        }
        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }

    private static double uniform(SplittableRandom rng, double min, double max) {
        return min == max ? min : min + (max - min) * rng.nextDouble();
    }

    @Override
    public String toString() {
        return "ImageNetTransforms[resize " + resizeSize + ", crop " + cropSize + ", scale (" + minScale + ", "
                + maxScale + "), ratio (" + minRatio + ", " + maxRatio + "), flip " + flipProbability + ", "
                + normalization + "]";
    }
}

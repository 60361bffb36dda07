package org.cram.experiments.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one image file (JPEG, or any other format {@code javax.imageio} reads: PNG, BMP, TIFF) into an
 * {@link RgbImage}, converting to RGB as torchvision's loader does with {@code convert("RGB")} (grey is replicated,
 * alpha dropped).
 *
 * <p><b>Bounded.</b> The width and height are read from the image header first ({@link ImageReader#getWidth} /
 * {@link ImageReader#getHeight}, which parse only the header) and checked against a pixel limit before any pixel
 * buffer is allocated, so a small file declaring a huge image (a decompression bomb) fails at once. The default
 * limit is Pillow's {@code Image.MAX_IMAGE_PIXELS}.
 *
 * <p><b>Strict.</b> The JDK's JPEG decoder reports a truncated or corrupt stream only as a warning and returns a
 * partly grey image; such warnings are treated as errors here. Every problem raises a {@link DataFileException}
 * naming the file.
 */
public final class ImageDecoder {
    /** Pillow's default {@code Image.MAX_IMAGE_PIXELS} (about 89.5 megapixels). */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

    private final long maxPixels;

    /** A decoder with the {@linkplain #DEFAULT_MAX_PIXELS default pixel limit}. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels largest accepted {@code width * height}; larger images are rejected before decoding */
    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("pixel limit must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** Largest accepted {@code width * height}. */
    public long maxPixels() {
        return maxPixels;
    }

    /** Decodes the first image of {@code file}. */
    public RgbImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "image file not found");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DataFileException(file, "cannot open image file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataFileException(file, "not a readable image: no javax.imageio decoder recognizes its "
                        + "content (corrupt file, or an unsupported format)");
            }
            ImageReader reader = readers.next();
            try {
                return decode(file, in, reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException(file, "corrupt or unreadable image: " + e.getMessage(), e);
        }
    }

    private RgbImage decode(Path file, ImageInputStream in, ImageReader reader) throws IOException {
        reader.setInput(in, true, true);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1) {
            throw new DataFileException(file, "image header declares an empty size " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new DataFileException(file, "image header declares " + width + "x" + height + " = " + pixels
                    + " pixels, more than the limit of " + maxPixels + " (possible decompression bomb); not decoded");
        }
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
            throw new DataFileException(file, "corrupt or truncated " + reader.getFormatName() + " data: "
                    + String.join("; ", warnings));
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new DataFileException(file, "decoded size " + image.getWidth() + "x" + image.getHeight()
                    + " differs from the header's " + width + "x" + height);
        }
        return toRgb(image);
    }

    /** Grey rasters are replicated as-is ({@code getRGB} would apply a gamma conversion to them). */
    private static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean grey = raster.getNumBands() <= 2 && image.getColorModel().getNumColorComponents() == 1
                && raster.getSampleModel().getSampleSize(0) == 8;
        int[] rgb = new int[w * h];
        if (grey) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = row[x];
                    rgb[y * w + x] = (v << 16) | (v << 8) | v;
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, rgb, y * w, w);
            }
        }
        return RgbImage.fromPackedRgb(w, h, rgb);
    }
}

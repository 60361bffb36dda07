package org.cram.experiments.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes small test images (generated, never committed). */
final class ImageFixtures {
    private ImageFixtures() {
    }

    /** A {@code width x height} RGB image of pseudo-random pixels. */
    static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt() & 0xFFFFFF);
            }
        }
        return image;
    }

    /** Red grows with x, green with y, blue is constant: {@code (3x, 5y, 100)} clipped to 255. */
    static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (Math.min(255, 3 * x) << 16) | (Math.min(255, 5 * y) << 8) | 100);
            }
        }
        return image;
    }

    static Path write(BufferedImage image, String format, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jpeg(Path file, int width, int height, long seed) {
        return write(noise(width, height, seed), "jpg", file);
    }

    /** A valid JPEG whose SOF0 header is patched to declare {@code width x height}; the data stays tiny. */
    static Path jpegDeclaring(Path file, int width, int height) {
        try {
            jpeg(file, 16, 16, 1);
            byte[] b = Files.readAllBytes(file);
            int i = 0;
            while (!((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0)) {
                i++;
            }
            b[i + 5] = (byte) (height >>> 8);
            b[i + 6] = (byte) height;
            b[i + 7] = (byte) (width >>> 8);
            b[i + 8] = (byte) width;
            return Files.write(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a valid 128x128 JPEG: a truncated entropy-coded segment. */
    static Path truncatedJpeg(Path file) {
        try {
            jpeg(file, 128, 128, 2);
            byte[] b = Files.readAllBytes(file);
            return Files.write(file, Arrays.copyOf(b, b.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The channel-major values of an image, exactly (for lossless formats). */
    static float[] values(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] v = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                v[y * w + x] = (p >>> 16) & 0xFF;
                v[w * h + y * w + x] = (p >>> 8) & 0xFF;
                v[2 * w * h + y * w + x] = p & 0xFF;
            }
        }
        return v;
    }
}

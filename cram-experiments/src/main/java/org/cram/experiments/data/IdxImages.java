package org.cram.experiments.data;

/**
 * Images read from an IDX file: {@code count} images of {@code rows x cols} unsigned-byte pixels, stored image after
 * image, row-major. Immutable: the pixel array is private and only handed out as a copy.
 */
public final class IdxImages {
    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    /** @param pixels {@code count * rows * cols} pixels, copied */
    public IdxImages(int count, int rows, int cols, byte[] pixels) {
        this(count, rows, cols, pixels.clone(), true);
    }

    /** Takes ownership of {@code pixels} (no copy); for the reader, which just allocated it. */
    private IdxImages(int count, int rows, int cols, byte[] pixels, boolean owned) {
        if (count < 0 || rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative dimension: " + count + " x " + rows + " x " + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " x " + rows + " x " + cols + " images need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    static IdxImages owning(int count, int rows, int cols, byte[] pixels) {
        return new IdxImages(count, rows, cols, pixels, true);
    }

    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Pixel value in {@code [0, 255]} at a flat index {@code (image * rows + row) * cols + col}. */
    public int pixel(int flatIndex) {
        return pixels[flatIndex] & 0xFF;
    }

    /** Pixel value in {@code [0, 255]}. */
    public int pixel(int image, int row, int col) {
        return pixels[(image * rows + row) * cols + col] & 0xFF;
    }

    /** A copy of all pixels (signed Java bytes; mask with {@code 0xFF} for the value). */
    public byte[] pixels() {
        return pixels.clone();
    }
}

package org.cram.experiments.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX test fixtures (well-formed or deliberately broken) into a temporary directory. */
final class IdxFixtures {
    private IdxFixtures() {
    }

    /** Header bytes: the magic then each dimension, all big-endian int32. */
    static byte[] header(int magic, int... dims) {
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length);
        buf.putInt(magic);
        for (int d : dims) {
            buf.putInt(d);
        }
        return buf.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzipped) {
        try {
            return Files.write(file, gzipped ? gzip(content) : content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed image file of {@code count x rows x cols} unsigned bytes. */
    static Path images(Path file, int count, int rows, int cols, byte[] pixels, boolean gzipped) {
        return write(file, concat(header(IdxReader.IMAGES_MAGIC, count, rows, cols), pixels), gzipped);
    }

    /** A well-formed label file. */
    static Path labels(Path file, int[] labels, boolean gzipped) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return write(file, concat(header(IdxReader.LABELS_MAGIC, labels.length), data), gzipped);
    }

    /** Deterministic pseudo-random pixels covering the whole 0..255 range. */
    static byte[] pixels(int length, long seed) {
        byte[] p = new byte[length];
        new java.util.Random(seed).nextBytes(p);
        return p;
    }
}

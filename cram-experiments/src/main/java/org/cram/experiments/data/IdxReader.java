package org.cram.experiments.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed. Compression is detected from the gzip
 * magic bytes {@code 1f 8b}, never from the file name.
 *
 * <p>Format: a big-endian int32 magic {@code 0x0000TTDD} where {@code TT} is the element type and {@code DD} the
 * number of dimensions, then {@code DD} big-endian int32 dimension sizes, then the elements. Only type
 * {@code 0x08} (unsigned byte) is supported, so images have magic 2051 ({@code 0x803}: count, rows, cols) and labels
 * 2049 ({@code 0x801}: count).
 *
 * <p>Every problem raises a {@link DataFileException} naming the file. Declared sizes are checked against the real
 * input before the data array is allocated, so a corrupt header cannot cause an {@link OutOfMemoryError}.
 */
public final class IdxReader {
    /** IDX element type code for unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** Magic number of an unsigned-byte image file (3 dimensions). */
    public static final int IMAGES_MAGIC = (UNSIGNED_BYTE << 8) | 3;
    /** Magic number of an unsigned-byte label file (1 dimension). */
    public static final int LABELS_MAGIC = (UNSIGNED_BYTE << 8) | 1;

    /** Largest Java array the JVM reliably allocates. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /**
     * Deflate expands at most about 1032:1, so a gzip file of {@code s} bytes cannot hold more than this many
     * times {@code s} bytes of data (with slack); a header promising more is corrupt.
     */
    private static final long MAX_GZIP_EXPANSION = 1100;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Reads an image file (magic 2051): {@code count x rows x cols} unsigned bytes. */
    public static IdxImages readImages(Path file) {
        Raw raw = read(file, 3);
        return IdxImages.owning(raw.dims[0], raw.dims[1], raw.dims[2], raw.data);
    }

    /** Reads a label file (magic 2049): one unsigned byte per example, returned as values in {@code [0, 255]}. */
    public static int[] readLabels(Path file) {
        Raw raw = read(file, 1);
        int[] labels = new int[raw.data.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = raw.data[i] & 0xFF;
        }
        return labels;
    }

    private record Raw(int[] dims, byte[] data) {
    }

    private static Raw read(Path file, int expectedDims) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
        try (InputStream buffered = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            boolean gzip = startsWithGzipMagic(buffered);
            InputStream in = gzip ? openGzip(file, buffered) : buffered;
            return readIdx(file, in, gzip, fileSize, expectedDims);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static InputStream openGzip(Path file, InputStream in) {
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (IOException e) {
            throw new DataFileException(file, "starts with the gzip magic bytes but is not a valid gzip stream: " + e, e);
        }
    }

    private static Raw readIdx(Path file, InputStream in, boolean gzip, long fileSize, int expectedDims) {
        String source = gzip ? "decompressed gzip data" : "file";
        byte[] magicBytes = new byte[4];
        int got = readUpTo(file, in, magicBytes, 4, gzip);
        if (got < 4) {
            throw new DataFileException(file, "truncated header: " + source + " ends after " + got
                    + " of the 4 magic-number bytes");
        }
        int magic = bigEndianInt(magicBytes, 0);
        int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
        if ((magic >>> 16) != 0) {
            throw new DataFileException(file, String.format("not an IDX file: wrong magic number 0x%08X, expected "
                    + "0x%08X (%d)%s", magic, expectedMagic, expectedMagic, gzip ? " after decompression" : ""));
        }
        int type = (magic >>> 8) & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DataFileException(file, String.format("unsupported IDX element type code 0x%02X (%s); only "
                    + "0x08 (unsigned byte) is supported", type, typeName(type)));
        }
        int ndims = magic & 0xFF;
        if (ndims != expectedDims) {
            throw new DataFileException(file, String.format("wrong magic number 0x%08X (%d): the file has %d "
                    + "dimension(s) but %d were expected, i.e. magic 0x%08X (%d) for %s", magic, magic, ndims,
                    expectedDims, expectedMagic, expectedMagic, expectedDims == 1 ? "labels" : "images"));
        }

        int headerBytes = 4 + 4 * ndims;
        byte[] dimBytes = new byte[4 * ndims];
        got = readUpTo(file, in, dimBytes, dimBytes.length, gzip);
        if (got < dimBytes.length) {
            throw new DataFileException(file, "truncated header: " + source + " ends after " + (4 + got) + " of the "
                    + headerBytes + " header bytes (magic + " + ndims + " dimension sizes)");
        }
        int[] dims = new int[ndims];
        long expected = 1;
        for (int d = 0; d < ndims; d++) {
            dims[d] = bigEndianInt(dimBytes, 4 * d);
            if (dims[d] < 0) {
                throw new DataFileException(file, "corrupt header: negative dimension " + dims[d] + " at position "
                        + d + " of " + Arrays.toString(dims));
            }
        }
        try {
            for (int dim : dims) {
                expected = Math.multiplyExact(expected, dim);
            }
        } catch (ArithmeticException e) {
            throw new DataFileException(file, "corrupt header: dimensions " + Arrays.toString(dims)
                    + " overflow a 64-bit element count");
        }
        if (expected > MAX_ARRAY_LENGTH) {
            throw new DataFileException(file, "corrupt header: dimensions " + Arrays.toString(dims) + " declare "
                    + expected + " data bytes, more than the supported maximum of " + MAX_ARRAY_LENGTH
                    + " (the file has " + fileSize + " bytes)");
        }
        checkPlausibleSize(file, gzip, fileSize, headerBytes, dims, expected);

        byte[] data = new byte[(int) expected];
        got = readUpTo(file, in, data, data.length, gzip);
        if (got < data.length) {
            throw new DataFileException(file, "truncated data: dimensions " + Arrays.toString(dims) + " need "
                    + expected + " data bytes but only " + got + " are present");
        }
        long trailing = countRemaining(file, in, gzip);
        if (trailing > 0) {
            throw new DataFileException(file, "trailing garbage: " + trailing + " unexpected byte(s) after the "
                    + expected + " data bytes declared by dimensions " + Arrays.toString(dims));
        }
        return new Raw(dims, data);
    }

    /** Compares the declared data size with what the file can really hold, before anything big is allocated. */
    private static void checkPlausibleSize(Path file, boolean gzip, long fileSize, int headerBytes, int[] dims,
            long expected) {
        if (gzip) {
            long limit = fileSize * MAX_GZIP_EXPANSION + 4096;
            if (expected > limit) {
                throw new DataFileException(file, "corrupt header: dimensions " + Arrays.toString(dims) + " declare "
                        + expected + " data bytes, impossible for a gzip file of " + fileSize + " bytes (at most about "
                        + limit + " bytes after decompression)");
            }
            return;
        }
        long present = fileSize - headerBytes;
        if (expected > present) {
            throw new DataFileException(file, "truncated data: dimensions " + Arrays.toString(dims) + " need "
                    + expected + " data bytes but only " + present + " are present");
        }
        if (expected < present) {
            throw new DataFileException(file, "trailing garbage: " + (present - expected) + " unexpected byte(s) "
                    + "after the " + expected + " data bytes declared by dimensions " + Arrays.toString(dims));
        }
    }

    /** Reads until {@code want} bytes or end of input; returns how many were read. */
    private static int readUpTo(Path file, InputStream in, byte[] buf, int want, boolean gzip) {
        int off = 0;
        try {
            while (off < want) {
                int n = in.read(buf, off, want - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
            return off;
        } catch (EOFException e) {
            // GZIPInputStream signals a cut-off deflate stream this way; report it as a short read.
            return off;
        } catch (ZipException e) {
            throw new DataFileException(file, "corrupt gzip data: " + e, e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read " + (gzip ? "gzip " : "") + "file: " + e, e);
        }
    }

    private static long countRemaining(Path file, InputStream in, boolean gzip) {
        try {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (EOFException e) {
            throw new DataFileException(file, "gzip stream is truncated after the declared data", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read " + (gzip ? "gzip " : "") + "file: " + e, e);
        }
    }

    private static int bigEndianInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }
}

package org.cram.experiments.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.tukaani.xz.CorruptedInputException;
import org.tukaani.xz.LZMA2InputStream;

/**
 * Decompression of the blocks of R's lazy-load databases ({@code serialize.c}: {@code R_decompress1/2/3}) and of
 * gzip files such as the {@code .rdx} index.
 *
 * <p>A compressed block is a 4-byte big-endian uncompressed length, then for schemes 2 and 3 a type byte, then the
 * data: scheme 1 is zlib with no type byte; with a type byte, {@code 'Z'} is a raw LZMA2 stream (R writes it with
 * {@code lzma_raw_encoder}, preset 9e, no {@code .xz} container), {@code '1'} zlib, {@code '0'} stored and
 * {@code '2'} bzip2 (not supported here).
 *
 * <p><b>Bounded.</b> Output is collected in growing chunks, never pre-allocated from the declared length, and
 * reading stops one byte past the declared length; a stream that yields fewer or more bytes than declared is an
 * error. Errors are {@link DataFileException}s naming the file and the block.
 */
final class RCompression {
    /** Largest output accepted, the largest Java array. */
    static final long MAX_OUTPUT = Integer.MAX_VALUE - 8;
    /** zlib cannot expand more than about 1032:1; a block declaring more is corrupt. */
    private static final long MAX_ZLIB_EXPANSION = 1100;
    /** R's xz preset 9 dictionary size; no back-reference reaches further. */
    private static final int LZMA2_PRESET9_DICT = 64 << 20;
    private static final int LZMA2_MIN_DICT = 4096;

    private RCompression() {
    }

    /**
     * Decompresses one lazy-load block.
     *
     * @param scheme the database's {@code compressed} value: 0 none, 1 zlib, 2 or 3 typed
     * @param what names the block in messages, e.g. {@code "variable 'x' (bytes 10-20)"}
     */
    static byte[] decompressBlock(Path file, String what, byte[] block, int scheme) {
        if (scheme == 0) {
            return block;
        }
        int header = scheme == 1 ? 4 : 5;
        if (block.length < header) {
            throw new DataFileException(file, what + ": block of " + block.length + " bytes is shorter than its "
                    + header + "-byte header");
        }
        long declared = ((block[0] & 0xFFL) << 24) | ((block[1] & 0xFFL) << 16) | ((block[2] & 0xFFL) << 8)
                | (block[3] & 0xFFL);
        if (declared > MAX_OUTPUT) {
            throw new DataFileException(file, what + ": declares " + declared + " uncompressed bytes, more than "
                    + "the supported maximum of " + MAX_OUTPUT);
        }
        char type = scheme == 1 ? '1' : (char) (block[4] & 0xFF);
        InputStream data = new ByteArrayInputStream(block, header, block.length - header);
        long payload = block.length - header;
        try {
            return switch (type) {
                case '0' -> {
                    if (payload != declared) {
                        throw new DataFileException(file, what + ": stored block declares " + declared
                                + " bytes but holds " + payload);
                    }
                    yield java.util.Arrays.copyOfRange(block, header, block.length);
                }
                case '1' -> {
                    if (declared > payload * MAX_ZLIB_EXPANSION + 1024) {
                        throw new DataFileException(file, what + ": declares " + declared + " uncompressed bytes, "
                                + "impossible for " + payload + " bytes of zlib data");
                    }
                    yield readExactly(file, what, new InflaterInputStream(data), declared);
                }
                case 'Z' -> {
                    int dict = (int) Math.max(LZMA2_MIN_DICT, Math.min(declared, LZMA2_PRESET9_DICT));
                    yield readExactly(file, what, new LZMA2InputStream(data, dict), declared);
                }
                case '2' -> throw new DataFileException(file, what + ": bzip2-compressed block (type '2') is not "
                        + "supported; only xz ('Z'), zlib ('1') and stored ('0') blocks are");
                default -> throw new DataFileException(file, what + ": unknown compression type byte 0x"
                        + Integer.toHexString(type) + " (expected 'Z', '2', '1' or '0')");
            };
        } catch (IOException e) {
            throw new DataFileException(file, what + ": corrupt compressed data: " + e, e);
        }
    }

    /** Decompresses a whole gzip file's content, at most {@code limit} bytes. */
    static byte[] gunzip(Path file, byte[] content, long limit) {
        try {
            return readAtMost(file, "gzip data", new GZIPInputStream(new ByteArrayInputStream(content)), limit);
        } catch (IOException e) {
            throw new DataFileException(file, "corrupt gzip data: " + e, e);
        }
    }

    private static byte[] readExactly(Path file, String what, InputStream in, long declared) throws IOException {
        byte[] out = readAtMost(file, what, in, declared);
        if (out.length != declared) {
            throw new DataFileException(file, what + ": decompressed to " + out.length + " bytes, but the block "
                    + "declares " + declared);
        }
        return out;
    }

    /** Reads the whole stream, failing if it holds more than {@code limit} bytes; grows the buffer as data comes. */
    private static byte[] readAtMost(Path file, String what, InputStream in, long limit) throws IOException {
        try (in) {
            byte[] out = in.readNBytes((int) Math.min(limit, MAX_OUTPUT));
            if (in.read() != -1) {
                throw new DataFileException(file, what + ": decompresses to more than the declared " + limit
                        + " bytes");
            }
            return out;
        } catch (EOFException | CorruptedInputException | ZipException e) {
            throw new DataFileException(file, what + ": corrupt or truncated compressed data: " + e, e);
        }
    }
}

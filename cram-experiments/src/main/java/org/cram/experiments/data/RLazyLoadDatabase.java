package org.cram.experiments.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads R's lazy-load databases, the {@code NAME.rdx} / {@code NAME.rdb} pairs in which installed packages keep their
 * datasets (and code). The {@code .rdx} index is a gzip-compressed serialized list with elements
 * {@code variables} (a named list of {@code c(offset, length)} byte ranges into the {@code .rdb}),
 * {@code references} and {@code compressed} (the block compression scheme, see {@link RCompression}); each
 * variable's {@code .rdb} block is one compressed serialized value ({@link RUnserializer}).
 *
 * <p>Every byte range is checked against the real {@code .rdb} length before it is read. Errors are
 * {@link DataFileException}s naming the file. Immutable; each {@link #read} opens the {@code .rdb} anew.
 */
public final class RLazyLoadDatabase {
    /** The index is a few kilobytes; anything beyond this after decompression is not an index. */
    private static final long MAX_INDEX_BYTES = 64L << 20;

    private final Path rdx;
    private final Path rdb;
    private final Map<String, long[]> variables;
    private final int compression;

    private RLazyLoadDatabase(Path rdx, Path rdb, Map<String, long[]> variables, int compression) {
        this.rdx = rdx;
        this.rdb = rdb;
        this.variables = variables;
        this.compression = compression;
    }

    /**
     * Opens the database whose index is {@code rdx} ({@code DIR/NAME.rdx}; the data is the sibling
     * {@code DIR/NAME.rdb}) and reads the index.
     */
    public static RLazyLoadDatabase open(Path rdx) {
        String name = rdx.getFileName().toString();
        if (!name.endsWith(".rdx")) {
            throw new IllegalArgumentException("expected an .rdx index file, got " + rdx);
        }
        Path rdb = rdx.resolveSibling(name.substring(0, name.length() - 4) + ".rdb");
        if (!Files.isRegularFile(rdb)) {
            throw new DataFileException(rdb, "lazy-load data file not found (it belongs next to its index " + name
                    + ")");
        }
        RValue index = RUnserializer.unserialize(rdx, indexBytes(rdx));
        if (!(index instanceof RValue.Vector list)) {
            throw new DataFileException(rdx, "lazy-load index is not a list");
        }
        RValue vars = element(rdx, list, "variables");
        RValue compressed = element(rdx, list, "compressed");
        return new RLazyLoadDatabase(rdx, rdb, ranges(rdx, vars), scheme(rdx, compressed));
    }

    private static byte[] indexBytes(Path rdx) {
        byte[] raw;
        try {
            long size = Files.size(rdx);
            if (size > MAX_INDEX_BYTES) {
                throw new DataFileException(rdx, "lazy-load index of " + size + " bytes is implausibly large");
            }
            raw = Files.readAllBytes(rdx);
        } catch (NoSuchFileException e) {
            throw new DataFileException(rdx, "lazy-load index file not found", e);
        } catch (IOException e) {
            throw new DataFileException(rdx, "cannot read file: " + e, e);
        }
        if (raw.length >= 2 && raw[0] == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            return RCompression.gunzip(rdx, raw, MAX_INDEX_BYTES);
        }
        return raw;
    }

    private static RValue element(Path rdx, RValue.Vector list, String name) {
        if (list.attribute("names") instanceof RValue.Strings names) {
            int i = names.values().indexOf(name);
            if (i >= 0 && i < list.length()) {
                return list.get(i);
            }
        }
        throw new DataFileException(rdx, "lazy-load index has no '" + name + "' element");
    }

    private static Map<String, long[]> ranges(Path rdx, RValue vars) {
        if (!(vars instanceof RValue.Vector list) || !(list.attribute("names") instanceof RValue.Strings names)
                || names.length() != list.length()) {
            throw new DataFileException(rdx, "lazy-load index: 'variables' is not a named list");
        }
        Map<String, long[]> map = new LinkedHashMap<>();
        for (int i = 0; i < list.length(); i++) {
            long[] range = range(list.get(i));
            if (range == null || names.get(i) == null) {
                throw new DataFileException(rdx, "lazy-load index: entry " + (i + 1) + " ('" + names.get(i)
                        + "') is not a c(offset, length) pair of non-negative numbers");
            }
            map.put(names.get(i), range);
        }
        return Collections.unmodifiableMap(map);
    }

    /** {@code c(offset, length)} as integers or doubles (large databases use doubles), or null if malformed. */
    private static long[] range(RValue v) {
        double offset;
        double length;
        if (v instanceof RValue.Integers ints && ints.length() == 2 && ints.get(0) != RValue.NA_INTEGER
                && ints.get(1) != RValue.NA_INTEGER) {
            offset = ints.get(0);
            length = ints.get(1);
        } else if (v instanceof RValue.Reals reals && reals.length() == 2) {
            offset = reals.get(0);
            length = reals.get(1);
        } else {
            return null;
        }
        if (!(offset >= 0 && length >= 0 && offset == Math.rint(offset) && length == Math.rint(length)
                && offset + length <= Long.MAX_VALUE / 2)) {
            return null;
        }
        return new long[] {(long) offset, (long) length};
    }

    private static int scheme(Path rdx, RValue compressed) {
        int value;
        if (compressed instanceof RValue.Logicals l && l.length() == 1) {
            value = l.get(0);
        } else if (compressed instanceof RValue.Integers i && i.length() == 1) {
            value = i.get(0);
        } else if (compressed instanceof RValue.Reals r && r.length() == 1 && r.get(0) == Math.rint(r.get(0))) {
            value = (int) r.get(0);
        } else {
            throw new DataFileException(rdx, "lazy-load index: 'compressed' is not a single logical or number");
        }
        if (value < 0 || value > 3) {
            throw new DataFileException(rdx, "lazy-load index: unknown compression scheme " + value
                    + " (expected 0-3)");
        }
        return value;
    }

    /** The {@code .rdx} index file. */
    public Path indexFile() {
        return rdx;
    }

    /** The {@code .rdb} data file. */
    public Path dataFile() {
        return rdb;
    }

    /** The names of the stored variables, in index order. */
    public Set<String> variables() {
        return variables.keySet();
    }

    /** Reads and unserializes one variable. */
    public RValue read(String variable) {
        long[] range = variables.get(variable);
        if (range == null) {
            throw new DataFileException(rdx, "no variable '" + variable + "' in this lazy-load database; it holds "
                    + variables.keySet());
        }
        String what = "variable '" + variable + "' (bytes " + range[0] + "-" + (range[0] + range[1]) + ")";
        byte[] block = readBlock(range[0], range[1], what);
        return RUnserializer.unserialize(rdb, RCompression.decompressBlock(rdb, what, block, compression));
    }

    private byte[] readBlock(long offset, long length, String what) {
        try (FileChannel channel = FileChannel.open(rdb, StandardOpenOption.READ)) {
            long size = channel.size();
            if (offset + length > size) {
                throw new DataFileException(rdb, what + " lies beyond the end of the " + size + "-byte file");
            }
            if (length > RCompression.MAX_OUTPUT) {
                throw new DataFileException(rdb, what + " is too large to read into memory");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new DataFileException(rdb, what + ": file ended while reading");
                }
            }
            return buffer.array();
        } catch (IOException e) {
            throw new DataFileException(rdb, "cannot read file: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "RLazyLoadDatabase[" + rdx + ", " + variables.size() + " variables]";
    }
}

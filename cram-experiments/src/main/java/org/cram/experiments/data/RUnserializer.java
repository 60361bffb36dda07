package org.cram.experiments.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader of R's XDR serialization format (what {@code saveRDS}, {@code serialize} and lazy-load databases
 * write), versions 2 and 3, for the value types data frames are made of: {@code NULL}, symbols and references to
 * them, pairlists (attribute lists), logical, integer, double, character and raw vectors, and generic vectors
 * (lists), each with its attributes. Anything else (environments, closures, language objects, ALTREP, complex
 * numbers, bytecode) is rejected with a message naming the type.
 *
 * <p><b>Bounded.</b> The input is a byte array, and every declared length is checked against the bytes that remain
 * before anything is allocated (an element needs at least 4 bytes, a string 8), so a few bytes claiming billions of
 * elements fail at once. Nesting is limited to {@value #MAX_DEPTH} levels; pairlists are read iteratively.
 *
 * <p>Strings are decoded by their declared encoding (UTF-8, Latin-1, bytes as Latin-1, ASCII, or otherwise the
 * writer's native encoding from the version-3 header, UTF-8 if unknown); malformed UTF-8 becomes U+FFFD. Errors are
 * {@link DataFileException}s naming the file and the byte offset.
 */
final class RUnserializer {
    static final int MAX_DEPTH = 512;

    // SEXP type codes (Rinternals.h) and serialization pseudo-types (serialize.c).
    static final int NILSXP = 0;
    static final int SYMSXP = 1;
    static final int LISTSXP = 2;
    static final int CHARSXP = 9;
    static final int LGLSXP = 10;
    static final int INTSXP = 13;
    static final int REALSXP = 14;
    static final int STRSXP = 16;
    static final int VECSXP = 19;
    static final int EXPRSXP = 20;
    static final int RAWSXP = 24;
    static final int BASEENV_SXP = 241;
    static final int EMPTYENV_SXP = 242;
    static final int ALTREP_SXP = 238;
    static final int BASENAMESPACE_SXP = 250;
    static final int MISSINGARG_SXP = 251;
    static final int UNBOUNDVALUE_SXP = 252;
    static final int GLOBALENV_SXP = 253;
    static final int NILVALUE_SXP = 254;
    static final int REFSXP = 255;

    static final int HAS_ATTR = 1 << 9;
    static final int HAS_TAG = 1 << 10;
    // CHARSXP encoding flags in the "levels" bits (flags >>> 12).
    private static final int BYTES_MASK = 1 << 1;
    private static final int LATIN1_MASK = 1 << 2;
    private static final int UTF8_MASK = 1 << 3;
    private static final int ASCII_MASK = 1 << 6;

    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final Path file;
    private final byte[] data;
    private int pos;
    private final List<RValue> references = new ArrayList<>();
    private Charset nativeEncoding = StandardCharsets.UTF_8;

    private RUnserializer(Path file, byte[] data) {
        this.file = file;
        this.data = data;
    }

    /**
     * Reads the one value serialized in {@code data} (the whole array must be consumed).
     *
     * @param file the file the bytes came from, for messages
     */
    static RValue unserialize(Path file, byte[] data) {
        RUnserializer in = new RUnserializer(file, data);
        in.header();
        RValue value = in.item(0);
        if (in.pos != data.length) {
            throw in.error("trailing garbage: " + (data.length - in.pos) + " byte(s) after the serialized value");
        }
        return value;
    }

    private void header() {
        if (data.length < 2) {
            throw error("too short for an R serialization header (" + data.length + " bytes)");
        }
        if (data[0] == 0x1f && (data[1] & 0xFF) == 0x8b) {
            throw error("gzip-compressed data; decompress it before unserializing");
        }
        if (data[1] != '\n' || data[0] != 'X') {
            String format = switch (data[0]) {
                case 'A' -> "ASCII";
                case 'B' -> "native binary";
                default -> null;
            };
            throw error(format == null ? "not R serialization data (expected \"X\\n\" for the XDR format)"
                    : "R serialization in the " + format + " format is not supported, only XDR (\"X\\n\")");
        }
        pos = 2;
        int version = readInt();
        readInt(); // writer's R version
        readInt(); // minimal reader R version
        if (version == 3) {
            int length = readInt();
            checkAvailable(length, 1, "native-encoding name");
            String name = new String(data, pos, length, StandardCharsets.US_ASCII);
            pos += length;
            nativeEncoding = charset(name);
        } else if (version != 2) {
            throw error("unsupported R serialization format version " + version + " (2 and 3 are supported)");
        }
    }

    private static Charset charset(String name) {
        if (name.equalsIgnoreCase("latin1")) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private RValue item(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("values nested deeper than " + MAX_DEPTH + " levels");
        }
        int flagsOffset = pos;
        int flags = readInt();
        int type = flags & 0xFF;
        boolean hasAttr = (flags & HAS_ATTR) != 0;
        switch (type) {
            case NILVALUE_SXP:
                return RValue.NULL;
            case REFSXP:
                return reference(flags);
            case GLOBALENV_SXP:
                return new RValue.Special("globalenv");
            case EMPTYENV_SXP:
                return new RValue.Special("emptyenv");
            case BASEENV_SXP:
                return new RValue.Special("baseenv");
            case BASENAMESPACE_SXP:
                return new RValue.Special("basenamespace");
            case MISSINGARG_SXP:
                return new RValue.Special("missingarg");
            case UNBOUNDVALUE_SXP:
                return new RValue.Special("unboundvalue");
            case SYMSXP: {
                String name = charItem("symbol name");
                if (name == null) {
                    throw errorAt(flagsOffset, "symbol whose name is NA");
                }
                RValue.Symbol symbol = new RValue.Symbol(name);
                references.add(symbol);
                return symbol;
            }
            case LISTSXP:
                return pairList(flags, depth);
            case CHARSXP:
                throw errorAt(flagsOffset, "a lone CHARSXP string where a value was expected");
            case LGLSXP: {
                int[] v = ints("logical vector");
                return new RValue.Logicals(v, attributes(hasAttr, depth));
            }
            case INTSXP: {
                int[] v = ints("integer vector");
                return new RValue.Integers(v, attributes(hasAttr, depth));
            }
            case REALSXP: {
                int n = length(8, "double vector");
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Double.longBitsToDouble(((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL));
                }
                return new RValue.Reals(v, attributes(hasAttr, depth));
            }
            case RAWSXP: {
                int n = length(1, "raw vector");
                byte[] v = new byte[n];
                System.arraycopy(data, pos, v, 0, n);
                pos += n;
                return new RValue.Raw(v, attributes(hasAttr, depth));
            }
            case STRSXP: {
                int n = length(8, "character vector");
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = charItem("element " + (i + 1) + " of a character vector");
                }
                return new RValue.Strings(java.util.Arrays.asList(v), attributes(hasAttr, depth));
            }
            case VECSXP:
            case EXPRSXP: {
                int n = length(4, "list");
                List<RValue> v = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    v.add(item(depth + 1));
                }
                return new RValue.Vector(v, attributes(hasAttr, depth));
            }
            default:
                throw errorAt(flagsOffset, "unsupported R value type " + type + " (" + typeName(type)
                        + "); only data-frame building blocks (NULL, symbols, pairlists, logical, integer, double, "
                        + "character, raw and list vectors) are supported");
        }
    }

    private RValue reference(int flags) {
        int index = flags >>> 8;
        if (index == 0) {
            index = readInt();
        }
        if (index < 1 || index > references.size()) {
            throw error("reference to entry " + index + " of a table of " + references.size()
                    + " symbol(s) read so far");
        }
        return references.get(index - 1);
    }

    /** A pairlist, iteratively along its CDR chain. Attributes on the first node are the pairlist's attributes. */
    private RValue.PairList pairList(int flags, int depth) {
        List<RValue.PairList.Entry> entries = new ArrayList<>();
        Map<String, RValue> attributes = Map.of();
        boolean first = true;
        while (true) {
            Map<String, RValue> nodeAttributes = attributes((flags & HAS_ATTR) != 0, depth, true);
            if (first) {
                attributes = nodeAttributes;
                first = false;
            }
            String tag = null;
            if ((flags & HAS_TAG) != 0) {
                int tagOffset = pos;
                RValue t = item(depth + 1);
                if (!(t instanceof RValue.Symbol symbol)) {
                    throw errorAt(tagOffset, "pairlist tag is not a symbol but " + t.getClass().getSimpleName());
                }
                tag = symbol.name();
            }
            entries.add(new RValue.PairList.Entry(tag, item(depth + 1)));
            int cdrOffset = pos;
            flags = readInt();
            int type = flags & 0xFF;
            if (type == NILVALUE_SXP) {
                return new RValue.PairList(entries, attributes);
            }
            if (type != LISTSXP) {
                throw errorAt(cdrOffset, "pairlist continues with type " + type + " (" + typeName(type)
                        + ") instead of another node or NULL");
            }
        }
    }

    private Map<String, RValue> attributes(boolean present, int depth) {
        return attributes(present, depth, false);
    }

    /** Reads an attribute pairlist if {@code present}; its tags become the attribute names. */
    private Map<String, RValue> attributes(boolean present, int depth, boolean ofPairList) {
        if (!present) {
            return Map.of();
        }
        int offset = pos;
        RValue list = item(depth + 1);
        if (list instanceof RValue.Null) {
            return Map.of();
        }
        if (!(list instanceof RValue.PairList pairs)) {
            throw errorAt(offset, "attributes are not a pairlist but " + list.getClass().getSimpleName());
        }
        Map<String, RValue> map = new LinkedHashMap<>();
        for (RValue.PairList.Entry e : pairs.entries()) {
            if (e.tag() == null) {
                throw errorAt(offset, "attribute without a name" + (ofPairList ? " on a pairlist node" : ""));
            }
            map.put(e.tag(), e.value());
        }
        return map;
    }

    /** A CHARSXP item (flags, length, bytes); {@code null} for {@code NA_character_}. */
    private String charItem(String what) {
        int offset = pos;
        int flags = readInt();
        if ((flags & 0xFF) != CHARSXP) {
            throw errorAt(offset, what + ": expected a CHARSXP string, found type " + (flags & 0xFF) + " ("
                    + typeName(flags & 0xFF) + ")");
        }
        int length = readInt();
        if (length == -1) {
            return null;
        }
        checkAvailable(length, 1, "string");
        int levels = flags >>> 12;
        Charset charset;
        if ((levels & UTF8_MASK) != 0 || (levels & ASCII_MASK) != 0) {
            charset = StandardCharsets.UTF_8;
        } else if ((levels & (LATIN1_MASK | BYTES_MASK)) != 0) {
            charset = StandardCharsets.ISO_8859_1;
        } else {
            charset = nativeEncoding;
        }
        String s = new String(data, pos, length, charset);
        pos += length;
        return s;
    }

    private int[] ints(String what) {
        int n = length(4, what);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = readInt();
        }
        return v;
    }

    /** A vector length (possibly the long form), checked against the bytes left at {@code minBytes} per element. */
    private int length(int minBytes, String what) {
        int offset = pos;
        long n = readInt();
        if (n == -1) {
            long upper = readInt() & 0xFFFFFFFFL;
            long lower = readInt() & 0xFFFFFFFFL;
            n = (upper << 32) | lower;
        }
        if (n < 0) {
            throw errorAt(offset, what + " has negative length " + n);
        }
        if (n > MAX_ARRAY_LENGTH) {
            throw errorAt(offset, what + " declares " + n + " elements, more than a Java array holds");
        }
        checkAvailable(n, minBytes, what);
        return (int) n;
    }

    private void checkAvailable(long count, int bytesEach, String what) {
        if (count < 0) {
            throw error(what + " has negative length " + count);
        }
        long remaining = data.length - pos;
        if (count * bytesEach > remaining) {
            throw error(what + " declares " + count + " element(s) needing at least " + count * bytesEach
                    + " bytes, but only " + remaining + " byte(s) remain");
        }
    }

    private int readInt() {
        if (data.length - pos < 4) {
            throw error("truncated: needed 4 bytes, only " + (data.length - pos) + " remain");
        }
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    private DataFileException error(String detail) {
        return errorAt(pos, detail);
    }

    private DataFileException errorAt(int offset, String detail) {
        return new DataFileException(file, "R serialization, byte " + offset + ": " + detail);
    }

    static String typeName(int type) {
        return switch (type) {
            case NILSXP -> "NILSXP";
            case SYMSXP -> "symbol";
            case LISTSXP -> "pairlist";
            case 3 -> "closure";
            case 4 -> "environment";
            case 5 -> "promise";
            case 6 -> "language object";
            case 7 -> "special function";
            case 8 -> "builtin function";
            case CHARSXP -> "CHARSXP string";
            case LGLSXP -> "logical vector";
            case INTSXP -> "integer vector";
            case REALSXP -> "double vector";
            case 15 -> "complex vector";
            case STRSXP -> "character vector";
            case 17 -> "dot-dot-dot";
            case VECSXP -> "list";
            case EXPRSXP -> "expression vector";
            case 21 -> "bytecode";
            case 22 -> "external pointer";
            case 23 -> "weak reference";
            case RAWSXP -> "raw vector";
            case 25 -> "S4 object";
            case ALTREP_SXP -> "ALTREP object";
            case 239 -> "attributed pairlist";
            case 240 -> "attributed language object";
            case 243 -> "bytecode repref";
            case 244 -> "bytecode repdef";
            case 245 -> "generic reference";
            case 246 -> "class reference";
            case 247 -> "persistent reference";
            case 248 -> "package environment";
            case 249 -> "namespace";
            default -> "unknown";
        };
    }
}

package org.cram.experiments.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes R XDR serialization streams for tests, byte for byte as R's {@code serialize.c} does: a header, then items
 * whose flags word is {@code type | 1<<9 if attributes | 1<<10 if tag | levels<<12}; vector attributes follow the
 * data as a tagged pairlist. Symbols are written in full the first time and as references afterwards, like R.
 */
final class RXdrWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final java.util.List<String> symbols = new java.util.ArrayList<>();

    /** A stream with a version-3 header (native encoding UTF-8). */
    static RXdrWriter version3() {
        RXdrWriter w = new RXdrWriter();
        w.raw('X', '\n').i(3).i(0x040202).i(0x030500).i(5);
        w.raw('U', 'T', 'F', '-', '8');
        return w;
    }

    /** A stream with a version-2 header. */
    static RXdrWriter version2() {
        return new RXdrWriter().raw('X', '\n').i(2).i(0x030602).i(0x020300);
    }

    RXdrWriter raw(int... b) {
        for (int x : b) {
            bytes.write(x);
        }
        return this;
    }

    RXdrWriter i(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RXdrWriter d(double v) {
        try {
            out.writeDouble(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RXdrWriter flags(int type, boolean attr, boolean tag) {
        return i(type | (attr ? 1 << 9 : 0) | (tag ? 1 << 10 : 0));
    }

    /** A CHARSXP item: UTF-8 flagged (or ASCII when pure ASCII, as R does); null writes NA. */
    RXdrWriter charsxp(String s) {
        if (s == null) {
            return i(RUnserializer.CHARSXP).i(-1);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        boolean ascii = b.length == s.length();
        i(RUnserializer.CHARSXP | ((ascii ? 64 : 8) << 12)).i(b.length);
        bytes.writeBytes(b);
        return this;
    }

    /** A symbol, or a reference to it if written before. */
    RXdrWriter symbol(String name) {
        int index = symbols.indexOf(name);
        if (index >= 0) {
            return i(((index + 1) << 8) | RUnserializer.REFSXP);
        }
        symbols.add(name);
        return i(RUnserializer.SYMSXP).charsxp(name);
    }

    RXdrWriter nil() {
        return i(RUnserializer.NILVALUE_SXP);
    }

    /** A character vector without attributes. */
    RXdrWriter strings(String... values) {
        return stringsHeader(false, values);
    }

    /** A character vector; if {@code attr}, the caller writes the attribute pairlist next. */
    RXdrWriter stringsHeader(boolean attr, String... values) {
        flags(RUnserializer.STRSXP, attr, false).i(values.length);
        for (String v : values) {
            charsxp(v);
        }
        return this;
    }

    /** An integer vector; if {@code attr}, the caller writes the attribute pairlist next. */
    RXdrWriter ints(boolean attr, int... values) {
        flags(RUnserializer.INTSXP, attr, false).i(values.length);
        for (int v : values) {
            i(v);
        }
        return this;
    }

    RXdrWriter reals(double... values) {
        flags(RUnserializer.REALSXP, false, false).i(values.length);
        for (double v : values) {
            d(v);
        }
        return this;
    }

    RXdrWriter logicals(int... values) {
        flags(RUnserializer.LGLSXP, false, false).i(values.length);
        for (int v : values) {
            i(v);
        }
        return this;
    }

    /** The start of a list of {@code n} elements; the caller writes the elements (and attributes) next. */
    RXdrWriter list(boolean attr, int n) {
        return flags(RUnserializer.VECSXP, attr, false).i(n);
    }

    /** The start of one tagged attribute node; the caller writes its value, then the next node or {@link #nil}. */
    RXdrWriter attribute(String name) {
        flags(RUnserializer.LISTSXP, false, true);
        return symbol(name);
    }

    /** A factor: integer codes with attributes levels and class "factor". */
    RXdrWriter factor(String[] levels, int... codes) {
        ints(true, codes);
        attribute("levels").strings(levels);
        attribute("class").strings("factor");
        return nil();
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}

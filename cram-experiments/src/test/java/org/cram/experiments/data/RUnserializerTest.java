package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RUnserializerTest {
    private static final Path FILE = Path.of("x.rds");

    @Test
    void dataFrameWithStringsFactorAndRealsRoundTrips() {
        RValue value = RUnserializer.unserialize(FILE, RDataFixtures.tibble());

        assertThat(value).isInstanceOf(RValue.Vector.class);
        assertThat(value.classNames()).containsExactly("tbl_df", "tbl", "data.frame");
        assertThat(value.attribute("row.names")).isEqualTo(
                new RValue.Integers(new int[] {RValue.NA_INTEGER, -3}, java.util.Map.of()));
        RDataFrame frame = RDataFrame.of(FILE, "tibble", value);
        assertThat(frame.rowCount()).isEqualTo(3);
        assertThat(frame.columnNames()).containsExactly("product", "review", "score", "stars");
        assertThat(frame.strings("product")).containsExactly("B01", null, "B03");
        assertThat(frame.strings("review")).containsExactly("Good", "Très bien", "");
        assertThat(frame.strings("score")).containsExactly("great", "other", "great");
        RDataFrame.Factor score = frame.factor("score");
        assertThat(score.levels()).containsExactly("great", "other");
        assertThat(score.codes()).containsExactly(0, 1, 0);
        RValue.Reals stars = (RValue.Reals) frame.column("stars");
        assertThat(stars.get(0)).isEqualTo(5.0);
        assertThat(stars.get(1)).isEqualTo(2.5);
        assertThat(stars.get(2)).isNaN();
        assertThat(frame.column("score").inherits("factor")).isTrue();
    }

    @Test
    void versionTwoListsLogicalsAndNestedValues() {
        RXdrWriter w = RXdrWriter.version2();
        w.list(true, 3);
        w.logicals(1, 0, RValue.NA_INTEGER);
        w.list(false, 2).ints(false, 7).nil();
        w.symbol("sym");
        w.attribute("names").strings("flags", "inner", "s");
        w.nil();

        RValue value = RUnserializer.unserialize(FILE, w.toByteArray());

        RValue.Vector list = (RValue.Vector) value;
        assertThat(((RValue.Logicals) list.get(0)).values()).containsExactly(1, 0, RValue.NA_INTEGER);
        RValue.Vector inner = (RValue.Vector) list.get(1);
        assertThat(((RValue.Integers) inner.get(0)).values()).containsExactly(7);
        assertThat(inner.get(1)).isSameAs(RValue.NULL);
        assertThat(list.get(2)).isEqualTo(new RValue.Symbol("sym"));
        assertThat(((RValue.Strings) list.attribute("names")).values()).containsExactly("flags", "inner", "s");
    }

    @Test
    void taggedPairListKeepsTagsAndReferencesResolveToSymbols() {
        RXdrWriter w = RXdrWriter.version3();
        w.attribute("a").strings("x");
        w.attribute("b").ints(false, 1, 2);
        w.attribute("a").reals(0.5);
        w.nil();

        RValue.PairList pairs = (RValue.PairList) RUnserializer.unserialize(FILE, w.toByteArray());

        assertThat(pairs.entries()).extracting(RValue.PairList.Entry::tag).containsExactly("a", "b", "a");
        assertThat(((RValue.Reals) pairs.entries().get(2).value()).values()).containsExactly(0.5);
    }

    @Test
    void hugeDeclaredLengthsFailBeforeAllocating() {
        byte[] ints = RXdrWriter.version3().flags(RUnserializer.INTSXP, false, false).i(2_000_000_000).i(1)
                .toByteArray();
        assertThatThrownBy(() -> RUnserializer.unserialize(FILE, ints))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith("x.rds: R serialization, byte ")
                .hasMessageContaining("integer vector declares 2000000000 element(s) needing at least 8000000000 "
                        + "bytes, but only 4 byte(s) remain");

        byte[] strings = RXdrWriter.version3().flags(RUnserializer.STRSXP, false, false).i(1_000_000).toByteArray();
        assertThatThrownBy(() -> RUnserializer.unserialize(FILE, strings))
                .hasMessageContaining("character vector declares 1000000 element(s)");

        byte[] chars = RXdrWriter.version3().flags(RUnserializer.STRSXP, false, false).i(1)
                .i(RUnserializer.CHARSXP).i(Integer.MAX_VALUE).toByteArray();
        assertThatThrownBy(() -> RUnserializer.unserialize(FILE, chars))
                .hasMessageContaining("string declares 2147483647 element(s)");

        byte[] longVector = RXdrWriter.version3().flags(RUnserializer.REALSXP, false, false).i(-1).i(4).i(0)
                .toByteArray();
        assertThatThrownBy(() -> RUnserializer.unserialize(FILE, longVector))
                .hasMessageContaining("double vector declares 17179869184 elements, more than a Java array holds");

        byte[] list = RXdrWriter.version3().list(false, 1 << 30).toByteArray();
        assertThatThrownBy(() -> RUnserializer.unserialize(FILE, list))
                .hasMessageContaining("list declares 1073741824 element(s)");
    }

    @Test
    void malformedStreamsAreRejectedClearly() {
        assertError(new byte[] {'A', '\n', 0, 0}, "the ASCII format is not supported, only XDR");
        assertError(new byte[] {0x1f, (byte) 0x8b, 8, 0}, "gzip-compressed data");
        assertError(new byte[] {'P', 'K'}, "not R serialization data");
        assertError(RXdrWriter.version3().i(4).toByteArray(), "unsupported R value type 4 (environment)");
        assertError(RXdrWriter.version3().raw('X', '\n').i(9).toByteArray(), "unsupported R value type");
        assertError(new RXdrWriter().raw('X', '\n').i(1).i(0).i(0).toByteArray(), "format version 1");
        assertError(RXdrWriter.version3().i((3 << 8) | RUnserializer.REFSXP).toByteArray(),
                "reference to entry 3 of a table of 0 symbol(s)");
        byte[] full = RDataFixtures.tibble();
        assertError(Arrays.copyOf(full, full.length - 3), "truncated: needed 4 bytes");
        assertError(Arrays.copyOf(full, full.length + 2), "trailing garbage: 2 byte(s)");
        assertError(RXdrWriter.version3().stringsHeader(false, "a").nil().toByteArray(), "trailing garbage");
        assertError(RXdrWriter.version3().flags(RUnserializer.STRSXP, false, false).i(1).ints(false, 3)
                .toByteArray(), "expected a CHARSXP string, found type 13 (integer vector)");
        assertError(RXdrWriter.version3().ints(true, 1).strings("not a pairlist").toByteArray(),
                "attributes are not a pairlist");
    }

    @Test
    void deepNestingIsBounded() {
        RXdrWriter w = RXdrWriter.version3();
        for (int i = 0; i < 600; i++) {
            w.list(false, 1);
        }
        w.nil();

        assertError(w.toByteArray(), "nested deeper than 512 levels");
    }

    @Test
    void dataFrameViewRejectsWhatIsNotADataFrame() {
        RValue list = RUnserializer.unserialize(FILE, RXdrWriter.version3().list(false, 0).toByteArray());
        assertThatThrownBy(() -> RDataFrame.of(FILE, "plain", list))
                .isInstanceOf(DataFileException.class)
                .hasMessage("x.rds: 'plain' is not a data frame (class [], Vector)");
        RDataFrame frame = RDataFrame.of(FILE, "tibble", RUnserializer.unserialize(FILE, RDataFixtures.tibble()));
        assertThatThrownBy(() -> frame.column("rating"))
                .hasMessageContaining("has no column 'rating'; its columns are [product, review, score, stars]");
        assertThatThrownBy(() -> frame.factor("review")).hasMessageContaining("column 'review' is not a factor");
        assertThatThrownBy(() -> frame.strings("stars")).hasMessageContaining("column 'stars' is not text");
        assertThat(List.of(frame.rowCount())).containsExactly(3);
    }

    private static void assertError(byte[] data, String message) {
        assertThatThrownBy(() -> RUnserializer.unserialize(FILE, data))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith("x.rds: ")
                .hasMessageContaining(message);
    }
}

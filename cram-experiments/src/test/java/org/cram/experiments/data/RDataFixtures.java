package org.cram.experiments.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.tukaani.xz.FinishableOutputStream;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.LZMA2Options;

/** Generated R data for tests: a small serialized tibble, compressed lazy-load blocks and whole databases. */
final class RDataFixtures {
    private RDataFixtures() {
    }

    /**
     * {@code tibble(product = c("B01", NA, "B03"), review = c("Good", "Très bien", ""),
     * score = factor(c("great", "other", "great")), stars = c(5, 2.5, NA))}, written like R writes it: a list with
     * attributes names, row.names c(NA, -3L) and class c("tbl_df", "tbl", "data.frame"); "class" is a reference the
     * second time.
     */
    static byte[] tibble() {
        RXdrWriter w = RXdrWriter.version3();
        w.list(true, 4);
        w.strings("B01", null, "B03");
        w.strings("Good", "Très bien", "");
        w.factor(new String[] {"great", "other"}, 1, 2, 1);
        w.reals(5, 2.5, Double.longBitsToDouble(0x7FF00000000007A2L));
        w.attribute("names").strings("product", "review", "score", "stars");
        w.attribute("row.names").ints(false, RValue.NA_INTEGER, -3);
        w.attribute("class").strings("tbl_df", "tbl", "data.frame");
        w.nil();
        return w.toByteArray();
    }

    /** R's {@code R_compress3} with type 'Z': length, 'Z', raw LZMA2 (no .xz container). */
    static byte[] xzBlock(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write('Z');
        try {
            FinishableOutputStream lzma2 = new LZMA2Options(6).getOutputStream(
                    new FinishableWrapperOutputStream(out));
            lzma2.write(data);
            lzma2.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** R's {@code R_compress1}: length then a zlib stream. */
    static byte[] zlibBlock(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code dir/NAME.rdb} from the blocks (in map order) and the gzipped {@code dir/NAME.rdx} index with
     * compression scheme {@code scheme}; returns the .rdx path.
     */
    static Path database(Path dir, String name, Map<String, byte[]> blocks, int scheme) throws IOException {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        List<int[]> ranges = new ArrayList<>();
        for (byte[] block : blocks.values()) {
            ranges.add(new int[] {rdb.size(), block.length});
            rdb.writeBytes(block);
        }
        Files.write(dir.resolve(name + ".rdb"), rdb.toByteArray());
        RXdrWriter w = RXdrWriter.version3();
        w.list(true, 3);
        w.list(true, ranges.size());
        for (int[] r : ranges) {
            w.ints(false, r[0], r[1]);
        }
        w.attribute("names").strings(blocks.keySet().toArray(new String[0])).nil();
        w.list(false, 0);
        w.ints(false, scheme);
        w.attribute("names").strings("variables", "references", "compressed").nil();
        return Files.write(dir.resolve(name + ".rdx"), IdxFixtures.gzip(w.toByteArray()));
    }

}

package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated R data (a serialized data frame, the {@code .rdb} blocks and the {@code .rdx} index of a lazy-load
 * database) ends in values or a {@link DataFileException} naming the file.
 */
@Timeout(60)
class RDataFuzzTest {
    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    /** Opens the database and reads every variable, as a data frame where it is one. */
    private static Object readAll(Path rdx) {
        RLazyLoadDatabase db = RLazyLoadDatabase.open(rdx);
        for (String name : db.variables()) {
            RValue v = db.read(name);
            if (name.equals("frame")) {
                RDataFrame.of(db.dataFile(), name, v);
            }
        }
        return db;
    }

    @Test
    void mutatedSerializedDataFramesAreReadOrRejectedNamingTheFile() {
        Path file = Path.of("fuzz.rds");
        byte[] v2 = RXdrWriter.version2().reals(1.5, -2).toByteArray();
        Fuzz.Report r = Fuzz.reader("R serialization").seed(41).cases(4000)
                .inputs(List.of(RDataFixtures.tibble(), v2))
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> {
                    RValue v = RUnserializer.unserialize(file, bytes);
                    return v instanceof RValue.Vector ? RDataFrame.of(file, "x", v) : v;
                });
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void mutatedLazyLoadDataBlocksAreReadOrRejectedNamingTheFile() throws IOException {
        byte[] numbers = RXdrWriter.version3().reals(1.5, -2).toByteArray();
        byte[] stored = ByteBuffer.allocate(5 + numbers.length).putInt(numbers.length).put((byte) '0').put(numbers)
                .array();
        int total = 0;
        for (int scheme : new int[] {1, 2, 3}) {
            Map<String, byte[]> blocks = new LinkedHashMap<>();
            blocks.put("frame", scheme == 1 ? RDataFixtures.zlibBlock(RDataFixtures.tibble())
                    : RDataFixtures.xzBlock(RDataFixtures.tibble()));
            blocks.put("nums", scheme == 1 ? RDataFixtures.zlibBlock(numbers) : scheme == 2 ? stored
                    : RDataFixtures.xzBlock(numbers));
            Path rdx = RDataFixtures.database(dir, "scheme" + scheme, blocks, scheme);
            Path rdb = dir.resolve("scheme" + scheme + ".rdb");
            Fuzz.Report r = Fuzz.reader("R lazy-load .rdb, scheme " + scheme).seed(42 + scheme).cases(900)
                    .inputs(List.of(Files.readAllBytes(rdb)))
                    .rejectsWith(DataFileException.class).messageNames(dir.toString())
                    .run(bytes -> {
                        Files.write(rdb, bytes);
                        return readAll(rdx);
                    });
            assertThat(r.rejected()).isPositive();
            assertThat(r.valid()).isPositive();
            total += r.cases();
        }
        assertThat(total).isEqualTo(2700);
    }

    @Test
    void mutatedLazyLoadIndexesAreReadOrRejectedNamingTheFile() throws IOException {
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        blocks.put("frame", RDataFixtures.zlibBlock(RDataFixtures.tibble()));
        blocks.put("nums", RDataFixtures.zlibBlock(RXdrWriter.version3().reals(1.5, -2).toByteArray()));
        Path rdx = RDataFixtures.database(dir, "fuzz", blocks, 1);
        byte[] gzipped = Files.readAllBytes(rdx);
        byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped)).readAllBytes();
        Fuzz.Report r = Fuzz.reader("R lazy-load .rdx").seed(43).cases(3000).inputs(List.of(gzipped, plain))
                .rejectsWith(DataFileException.class).messageNames(dir.toString())
                .run(bytes -> readAll(Files.write(rdx, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }
}

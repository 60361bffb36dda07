package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RLazyLoadDatabaseTest {
    @TempDir
    Path dir;

    private static byte[] numbers() {
        return RXdrWriter.version3().reals(1.5, -2).toByteArray();
    }

    @Test
    void readsXzCompressedVariablesByName() throws IOException {
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        blocks.put("frame", RDataFixtures.xzBlock(RDataFixtures.tibble()));
        blocks.put("nums", RDataFixtures.xzBlock(numbers()));
        RLazyLoadDatabase db = RLazyLoadDatabase.open(RDataFixtures.database(dir, "Rdata", blocks, 3));

        assertThat(db.variables()).containsExactly("frame", "nums");
        assertThat(db.dataFile()).isEqualTo(dir.resolve("Rdata.rdb"));
        assertThat(((RValue.Reals) db.read("nums")).values()).containsExactly(1.5, -2.0);
        RDataFrame frame = RDataFrame.of(db.dataFile(), "frame", db.read("frame"));
        assertThat(frame.strings("review")).containsExactly("Good", "Très bien", "");
        assertThatThrownBy(() -> db.read("absent"))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("no variable 'absent' in this lazy-load database; it holds [frame, nums]");
    }

    @Test
    void readsZlibAndStoredBlocks() throws IOException {
        Map<String, byte[]> zlibBlocks = Map.of("nums", RDataFixtures.zlibBlock(numbers()));
        RLazyLoadDatabase zlib = RLazyLoadDatabase.open(RDataFixtures.database(dir, "z", zlibBlocks, 1));
        assertThat(((RValue.Reals) zlib.read("nums")).values()).containsExactly(1.5, -2.0);

        byte[] data = numbers();
        ByteBuffer stored = ByteBuffer.allocate(5 + data.length).putInt(data.length).put((byte) '0').put(data);
        Map<String, byte[]> storedBlocks = Map.of("nums", stored.array());
        RLazyLoadDatabase raw = RLazyLoadDatabase.open(RDataFixtures.database(dir, "s", storedBlocks, 2));
        assertThat(((RValue.Reals) raw.read("nums")).values()).containsExactly(1.5, -2.0);
    }

    @Test
    void blockBeyondTheDataFileIsRejected() throws IOException {
        Path rdx = RDataFixtures.database(dir, "r", Map.of("nums", RDataFixtures.xzBlock(numbers())), 3);
        Files.write(dir.resolve("r.rdb"), new byte[10]);

        assertThatThrownBy(() -> RLazyLoadDatabase.open(rdx).read("nums"))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("r.rdb").toString())
                .hasMessageContaining("lies beyond the end of the 10-byte file");
    }

    @Test
    void declaredLengthsMustMatchTheDecompressedData() throws IOException {
        byte[] block = RDataFixtures.xzBlock(numbers());
        ByteBuffer.wrap(block).putInt(0x7FFF0000);
        RLazyLoadDatabase lying = RLazyLoadDatabase.open(RDataFixtures.database(dir, "l", Map.of("nums", block), 3));
        assertThatThrownBy(() -> lying.read("nums"))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("decompressed to " + numbers().length + " bytes, but the block declares "
                        + 0x7FFF0000);

        byte[] zlib = RDataFixtures.zlibBlock(numbers());
        ByteBuffer.wrap(zlib).putInt(2_000_000_000);
        RLazyLoadDatabase bomb = RLazyLoadDatabase.open(RDataFixtures.database(dir, "b", Map.of("nums", zlib), 1));
        assertThatThrownBy(() -> bomb.read("nums"))
                .hasMessageContaining("declares 2000000000 uncompressed bytes, impossible for");

        byte[] shortClaim = RDataFixtures.xzBlock(numbers());
        ByteBuffer.wrap(shortClaim).putInt(10);
        Path rdx = RDataFixtures.database(dir, "m", Map.of("nums", shortClaim), 3);
        RLazyLoadDatabase tooMuch = RLazyLoadDatabase.open(rdx);
        assertThatThrownBy(() -> tooMuch.read("nums"))
                .hasMessageContaining("decompresses to more than the declared 10");
    }

    @Test
    void unsupportedAndCorruptBlocksAreNamed() throws IOException {
        byte[] bzip2 = {0, 0, 0, 4, '2', 1, 2, 3, 4};
        RLazyLoadDatabase db = RLazyLoadDatabase.open(RDataFixtures.database(dir, "u", Map.of("v", bzip2), 3));
        assertThatThrownBy(() -> db.read("v"))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("variable 'v' (bytes 0-9): bzip2-compressed block (type '2') is not supported");

        byte[] garbage = {0, 0, 0, 40, 'Z', (byte) 0xE0, 1, 2, 3, 4, 5};
        RLazyLoadDatabase corrupt = RLazyLoadDatabase.open(RDataFixtures.database(dir, "c", Map.of("v", garbage), 3));
        assertThatThrownBy(() -> corrupt.read("v"))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void missingOrMalformedIndexIsNamed() throws IOException {
        Path rdx = RDataFixtures.database(dir, "i", Map.of("nums", RDataFixtures.xzBlock(numbers())), 3);
        Files.delete(dir.resolve("i.rdb"));
        assertThatThrownBy(() -> RLazyLoadDatabase.open(rdx))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("i.rdb").toString())
                .hasMessageContaining("not found");

        Path notIndex = dir.resolve("n.rdx");
        Files.write(notIndex, IdxFixtures.gzip(RXdrWriter.version3().reals(1).toByteArray()));
        Files.write(dir.resolve("n.rdb"), new byte[0]);
        assertThatThrownBy(() -> RLazyLoadDatabase.open(notIndex)).hasMessageContaining("index is not a list");

        Path truncatedGzip = dir.resolve("t.rdx");
        byte[] gz = IdxFixtures.gzip(RXdrWriter.version3().reals(1).toByteArray());
        Files.write(truncatedGzip, java.util.Arrays.copyOf(gz, gz.length - 10));
        Files.write(dir.resolve("t.rdb"), new byte[0]);
        assertThatThrownBy(() -> RLazyLoadDatabase.open(truncatedGzip))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(truncatedGzip.toString());
    }
}

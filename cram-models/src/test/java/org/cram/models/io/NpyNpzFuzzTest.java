package org.cram.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hostile .npy and .npz input: mutated arrays and archives end in arrays or an {@link IOException} naming the
 * file; a few bytes claiming a huge shape fail before allocating; archive entries cannot name paths outside.
 */
@Timeout(60)
class NpyNpzFuzzTest {
    private static final List<String> NPY_TOKENS = List.of("'shape': (", "(99999999999, 99999999999)",
            "(4294967296, 4294967296, 4294967296)", "(-1,)", "(0,)", "()", "'<f8'", "'>i8'", "'|b1'", "True", "L",
            "(" + "1, ".repeat(40) + ")");

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    private static byte[] npy(INDArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    private static Map<String, INDArray> tensors() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("w", Nd4j.createFromArray(new float[][] {{0, 1, 2}, {3, 4, 5}}));
        m.put("b", Nd4j.createFromArray(1.5, -2.5));
        m.put("steps", Nd4j.createFromArray(7L, 8L, 9L));
        return m;
    }

    @Test
    void mutatedNpyArraysAreReadOrRejectedNamingTheArray() throws IOException {
        List<byte[]> inputs = List.of(npy(tensors().get("w")), npy(tensors().get("b")), npy(tensors().get("steps")),
                npy(Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}, {5, 6}})));
        Fuzz.Report r = Fuzz.reader(".npy").seed(71).cases(3000).inputs(inputs).dictionary(NPY_TOKENS)
                .rejectsWith(IOException.class).messageNames("fuzz.npy")
                .run(bytes -> Npy.read(new ByteArrayInputStream(bytes), "fuzz.npy", Npz.DEFAULT_MAX_ARRAY_BYTES));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void mutatedNpzArchivesAreReadOrRejectedNamingTheFile() throws IOException {
        Path valid = dir.resolve("valid.npz");
        Npz.write(valid, tensors());
        Path file = dir.resolve("fuzz.npz");
        Fuzz.Report r = Fuzz.reader(".npz").seed(72).cases(2500).inputs(List.of(Files.readAllBytes(valid)))
                .dictionary(NPY_TOKENS).rejectsWith(IOException.class).messageNames(file.toString())
                .run(bytes -> Npz.read(Files.write(file, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void aFewBytesClaimingAHugeShapeFailBeforeAllocating() {
        byte[] header = Npy.header("<f4", new long[] {20_000, 20_000});
        byte[] bytes = java.util.Arrays.copyOf(header, header.length + 16);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(bytes), "huge.npy", Npz.DEFAULT_MAX_ARRAY_BYTES))
                .isInstanceOf(IOException.class).hasMessageContaining("huge.npy").hasMessageContaining("1600000000");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated").isLessThan(16 << 20);
        byte[] overflow = Npy.header("<f8", new long[] {1L << 40, 1L << 40});
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(overflow), "overflow.npy", 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining("overflow.npy");
    }

    /** Named attack: an entry named {@code ../x.npy} (or absolute, or with backslashes) is rejected. */
    @Test
    void entriesNamingPathsOutsideTheArchiveAreRejected() throws IOException {
        for (String name : List.of("../x.npy", "a/../../x.npy", "/etc/x.npy", "..\\x.npy", "C:/x.npy", "a/./x.npy")) {
            Path file = dir.resolve("evil.npz");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(npy(Nd4j.createFromArray(1f, 2f)));
                zip.closeEntry();
            }
            assertThatThrownBy(() -> Npz.read(file)).as(name).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(name);
        }
        assertThatThrownBy(() -> Npz.write(dir.resolve("out.npz"), Map.of("../x", Nd4j.createFromArray(1f))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
        assertThat(dir.resolveSibling("x.npy")).doesNotExist();
    }

    @Test
    void keysWithSlashesLikeStateDictNamesStillRoundTrip() throws IOException {
        Path file = dir.resolve("nested.npz");
        Npz.write(file, Map.of("encoder/layer.0/weight", Nd4j.createFromArray(1f, 2f)));
        assertThat(Npz.read(file)).containsOnlyKeys("encoder/layer.0/weight");
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).contains("encoder/layer.0");
    }
}

package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cram.experiments.data.IdxFixtures.concat;
import static org.cram.experiments.data.IdxFixtures.gzip;
import static org.cram.experiments.data.IdxFixtures.header;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mutated IDX files (plain and gzip) end in a result or a {@link DataFileException} naming the file. */
@Timeout(60)
class IdxReaderFuzzTest {
    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    @Test
    void mutatedImageFilesAreReadOrRejectedNamingTheFile() {
        byte[] images = concat(header(IdxReader.IMAGES_MAGIC, 3, 4, 5), pixels(60));
        Path file = dir.resolve("fuzz-images.idx");
        Fuzz.Report r = Fuzz.reader("IDX images").seed(11).cases(4000).inputs(List.of(images, gzip(images)))
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> IdxReader.readImages(Files.write(file, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void mutatedLabelFilesAreReadOrRejectedNamingTheFile() {
        byte[] labels = concat(header(IdxReader.LABELS_MAGIC, 12), pixels(12));
        Path file = dir.resolve("fuzz-labels.idx");
        Fuzz.Report r = Fuzz.reader("IDX labels").seed(12).cases(3000).inputs(List.of(labels, gzip(labels)))
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> IdxReader.readLabels(Files.write(file, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    /** Named attack: a 1 KB file whose header claims 10^9 images of 28x28 fails at once, allocating nothing big. */
    @Test
    void oneKilobyteHeaderClaimingABillionImagesIsRejectedBeforeAllocation() throws IOException {
        Path file = Files.write(dir.resolve("billion.idx"),
                concat(header(IdxReader.IMAGES_MAGIC, 1_000_000_000, 28, 28), new byte[1024 - 16]));
        assertThat(Files.size(file)).isEqualTo(1024);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("1000000000");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(1_000);
        assertThat(threads.getCurrentThreadAllocatedBytes() - allocated).as("bytes allocated").isLessThan(1 << 20);
    }
}

package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mutated CIFAR-10 binary batches end in a dataset or a {@link DataFileException} naming the file. */
@Timeout(60)
class Cifar10FuzzTest {
    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void mutatedBatchFilesAreReadOrRejectedNamingTheFile() {
        byte[] batch = new byte[2 * Cifar10.RECORD_BYTES];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (byte) (i * 31);
        }
        batch[0] = 3;
        batch[Cifar10.RECORD_BYTES] = 9;
        Path file = dir.resolve("data_batch_fuzz.bin");
        Fuzz.Report r = Fuzz.reader("CIFAR-10 batch").seed(21).cases(2000).inputs(List.of(batch))
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> Cifar10.load("fuzz", List.of(Files.write(file, bytes))));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }
}

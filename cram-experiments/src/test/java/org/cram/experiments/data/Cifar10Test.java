package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.data.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path dir;

    /** Records with the given labels and pseudo-random pixels; returns the file's bytes. */
    private static byte[] batchBytes(int[] labels, long seed) {
        byte[] pixels = IdxFixtures.pixels(labels.length * Cifar10.IMAGE_BYTES, seed);
        byte[] out = new byte[labels.length * Cifar10.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            out[r * Cifar10.RECORD_BYTES] = (byte) labels[r];
            System.arraycopy(pixels, r * Cifar10.IMAGE_BYTES, out, r * Cifar10.RECORD_BYTES + 1, Cifar10.IMAGE_BYTES);
        }
        return out;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void recordsRoundTripAsRgbPlanesWithReferenceNormalization() throws IOException {
        byte[] bytes = batchBytes(new int[] {3, 9, 0}, 7);
        Path file = write("test_batch.bin", bytes);

        InMemoryImageDataset data = Cifar10.load(dir, Cifar10.Split.TEST);

        assertThat(data.name()).isEqualTo("cifar10/test");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.featureShape()).containsExactly(3, 32, 32);
        assertThat(data.labels()).containsExactly(3, 9, 0);
        Batch batch = data.batch(new int[] {1, 2});
        assertThat(batch.features().shape()).containsExactly(2, 3, 32, 32);
        for (int b = 0; b < 2; b++) {
            int record = b + 1;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y += 5) {
                    for (int x = 0; x < 32; x += 3) {
                        int raw = bytes[record * Cifar10.RECORD_BYTES + 1 + c * 1024 + y * 32 + x] & 0xFF;
                        float expected = (raw / 255f - Cifar10.NORMALIZATION.mean(c)) / Cifar10.NORMALIZATION.std(c);
                        assertThat(batch.features().getFloat(b, c, y, x)).isCloseTo(expected, within(1e-6f));
                    }
                }
            }
        }
        assertThat(file).exists();
    }

    @Test
    void normalizationConstantsAreTheReferenceOnes() {
        ChannelNormalization n = Cifar10.NORMALIZATION;
        assertThat(new float[] {n.mean(0), n.mean(1), n.mean(2)}).containsExactly(0.4914f, 0.4822f, 0.4465f);
        assertThat(new float[] {n.std(0), n.std(1), n.std(2)}).containsExactly(0.2023f, 0.1994f, 0.2010f);
        assertThat(n.normalizePixel(0, 255)).isCloseTo((1 - 0.4914f) / 0.2023f, within(1e-6f));
        assertThat(n.normalizePixel(2, 0)).isCloseTo(-0.4465f / 0.2010f, within(1e-6f));
    }

    @Test
    void trainingSplitConcatenatesTheFiveBatchesInOrder() throws IOException {
        for (int f = 1; f <= 5; f++) {
            write("data_batch_" + f + ".bin", batchBytes(new int[] {f, f + 1}, f));
        }

        InMemoryImageDataset data = Cifar10.load(dir, Cifar10.Split.TRAIN);

        assertThat(data.name()).isEqualTo("cifar10/train");
        assertThat(data.labels()).containsExactly(1, 2, 2, 3, 3, 4, 4, 5, 5, 6);
        int lastPixel = batchBytes(new int[] {5, 6}, 5)[2 * Cifar10.RECORD_BYTES - 1] & 0xFF;
        assertThat(data.example(9)[Cifar10.IMAGE_BYTES - 1])
                .isEqualTo(Cifar10.NORMALIZATION.normalizePixel(2, lastPixel));
    }

    @Test
    void lengthNotAMultipleOfTheRecordIsRejectedBeforeReading() throws IOException {
        Path file = write("test_batch.bin", new byte[2 * Cifar10.RECORD_BYTES + 5]);

        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Split.TEST))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("length 6151 bytes is not a positive multiple of the 3073-byte")
                .hasMessageContaining("5 byte(s) left over after 2 records");
        write("test_batch.bin", new byte[0]);
        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Split.TEST))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("length 0 bytes");
    }

    @Test
    void labelOfTenOrMoreIsRejectedWithRecordAndOffset() throws IOException {
        Path file = write("test_batch.bin", batchBytes(new int[] {1, 2, 10}, 3));

        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Split.TEST))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("label 10 of record 2 (byte offset 6146) is outside [0, 10)");
    }

    @Test
    void missingFilesAndDirectoryAreNamed() throws IOException {
        for (int f = 1; f <= 4; f++) {
            write("data_batch_" + f + ".bin", batchBytes(new int[] {0}, f));
        }

        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Split.TRAIN))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("data_batch_5.bin").toString())
                .hasMessageContaining("not found");
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> Cifar10.load(missing, Cifar10.Split.TEST))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(missing.toString())
                .hasMessageContaining("directory not found");
    }

    @Test
    void explicitFileListLoadsUnderTheGivenName() throws IOException {
        Path a = write("a.bin", batchBytes(new int[] {4}, 1));
        Path b = write("b.bin", batchBytes(new int[] {5, 6}, 2));

        InMemoryImageDataset data = Cifar10.load("cifar10/custom", List.of(b, a));

        assertThat(data.labels()).containsExactly(5, 6, 4);
        assertThat(data.classCounts()).containsExactly(0, 0, 0, 0, 1, 1, 1, 0, 0, 0);
        assertThat(Cifar10.CLASS_NAMES).hasSize(10).startsWith("airplane").endsWith("truck");
    }
}

package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cram.experiments.data.IdxFixtures.concat;
import static org.cram.experiments.data.IdxFixtures.header;
import static org.cram.experiments.data.IdxFixtures.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void imagesRoundTrip(boolean gzipped) {
        byte[] pixels = IdxFixtures.pixels(5 * 3 * 4, 7);
        // The extension lies on purpose: compression is detected from the content.
        Path file = IdxFixtures.images(dir.resolve("images.bin"), 5, 3, 4, pixels, gzipped);

        IdxImages images = IdxReader.readImages(file);

        assertThat(images.count()).isEqualTo(5);
        assertThat(images.rows()).isEqualTo(3);
        assertThat(images.cols()).isEqualTo(4);
        assertThat(images.pixels()).isEqualTo(pixels);
        assertThat(images.pixel(2, 1, 3)).isEqualTo(pixels[(2 * 3 + 1) * 4 + 3] & 0xFF);
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void labelsRoundTripAsUnsignedValues(boolean gzipped) {
        int[] labels = {0, 9, 3, 255, 128, 1};
        Path file = IdxFixtures.labels(dir.resolve("labels.gz"), labels, gzipped);

        assertThat(IdxReader.readLabels(file)).containsExactly(labels);
    }

    @Test
    void emptyImageSetIsValid() {
        Path file = IdxFixtures.images(dir.resolve("empty"), 0, 28, 28, new byte[0], false);

        assertThat(IdxReader.readImages(file).count()).isZero();
    }

    @Test
    void wrongMagicSaysWhatWasFoundAndExpected() {
        Path file = write(dir.resolve("junk"), concat(header(0x12345678, 1, 1, 1), new byte[1]), false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("0x12345678")
                .hasMessageContaining("0x00000803");
    }

    @Test
    void labelsFileReadAsImagesIsRejectedByMagic() {
        Path file = IdxFixtures.labels(dir.resolve("labels"), new int[] {1, 2, 3}, true);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("2049")
                .hasMessageContaining("2051");
    }

    @Test
    void unsupportedTypeCodeIsNamed() {
        int floatImagesMagic = (0x0D << 8) | 3;
        Path file = write(dir.resolve("floats"), concat(header(floatImagesMagic, 1, 1, 1), new byte[4]), false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("type code 0x0D")
                .hasMessageContaining("float");
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void truncatedHeader(boolean gzipped) {
        byte[] full = header(IdxReader.IMAGES_MAGIC, 2, 28, 28);
        Path file = write(dir.resolve("short"), Arrays.copyOf(full, 10), gzipped);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated header")
                .hasMessageContaining("10 of the 16 header bytes");
    }

    @Test
    void emptyFileIsATruncatedHeader() {
        Path file = write(dir.resolve("empty"), new byte[0], false);

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated header");
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void truncatedDataSaysExpectedAndPresentBytes(boolean gzipped) {
        Path file = write(dir.resolve("cut"), concat(header(IdxReader.IMAGES_MAGIC, 2, 4, 4), new byte[20]), gzipped);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated data")
                .hasMessageContaining("need 32 data bytes but only 20 are present");
    }

    @Test
    void gzipStreamCutOffMidwayIsTruncatedData() {
        byte[] content = concat(header(IdxReader.IMAGES_MAGIC, 100, 28, 28), IdxFixtures.pixels(100 * 28 * 28, 3));
        byte[] gz = IdxFixtures.gzip(content);
        Path file = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2), false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated data")
                .hasMessageContaining("need 78400 data bytes");
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void absurdImageCountFailsAtOnceWithoutAllocating(boolean gzipped) {
        // 16 header bytes + 4 data bytes = a 20-byte file claiming 2^31-1 images of 28x28.
        byte[] content = concat(header(IdxReader.IMAGES_MAGIC, Integer.MAX_VALUE, 28, 28), new byte[4]);
        Path file = write(dir.resolve("huge"), content, gzipped);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt header")
                .hasMessageContaining(String.valueOf((long) Integer.MAX_VALUE * 28 * 28));
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void absurdLabelCountFailsAtOnce(boolean gzipped) {
        Path file = write(dir.resolve("huge-labels"), concat(header(IdxReader.LABELS_MAGIC, Integer.MAX_VALUE),
                new byte[16]), gzipped);

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
    }

    @Test
    void countTooLargeForASmallGzipFileFailsBeforeDecompressing() {
        // 200 MB declared; fits in an array, but no ~100-byte gzip file can expand to that.
        Path file = write(dir.resolve("liar.gz"), concat(header(IdxReader.IMAGES_MAGIC, 255_000, 28, 28),
                new byte[4]), true);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("impossible for a gzip file");
    }

    @Test
    void negativeDimensionIsRejected() {
        Path file = write(dir.resolve("neg"), concat(header(IdxReader.IMAGES_MAGIC, 1, -28, 28), new byte[4]), false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("negative dimension -28");
    }

    @Test
    void dimensionProductOverflowIsRejected() {
        int big = Integer.MAX_VALUE;
        Path file = write(dir.resolve("overflow"), concat(header((0x08 << 8) | 3, big, big, big), new byte[4]), false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("overflow");
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void trailingGarbageIsRejected(boolean gzipped) {
        Path file = write(dir.resolve("trailing"), concat(header(IdxReader.LABELS_MAGIC, 3), new byte[] {1, 2, 3},
                new byte[] {9, 9}), gzipped);

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("trailing garbage: 2 unexpected byte(s)");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.gz");

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void gzipMagicFollowedByGarbageIsACorruptGzipError() throws Exception {
        Path file = dir.resolve("fake.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("gzip");
    }
}

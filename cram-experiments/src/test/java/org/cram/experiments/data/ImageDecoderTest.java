package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path dir;

    @Test
    void losslessImageDecodesToExactChannelMajorValues() {
        BufferedImage image = ImageFixtures.gradient(7, 5);
        Path file = ImageFixtures.write(image, "png", dir.resolve("g.png"));

        RgbImage decoded = new ImageDecoder().decode(file);

        assertThat(decoded.width()).isEqualTo(7);
        assertThat(decoded.height()).isEqualTo(5);
        assertThat(decoded.values()).containsExactly(ImageFixtures.values(image));
        assertThat(decoded.value(0, 2, 6)).isEqualTo(18f);
        assertThat(decoded.value(1, 4, 0)).isEqualTo(20f);
        assertThat(decoded.value(2, 0, 0)).isEqualTo(100f);
    }

    @Test
    void greyImagesAreReplicatedWithoutGammaConversion() {
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                grey.getRaster().setSample(x, y, 0, 20 * x + 60 * y);
            }
        }
        Path file = ImageFixtures.write(grey, "png", dir.resolve("grey.png"));

        RgbImage decoded = new ImageDecoder().decode(file);

        for (int c = 0; c < 3; c++) {
            assertThat(decoded.value(c, 2, 3)).isEqualTo(180f);
            assertThat(decoded.value(c, 1, 1)).isEqualTo(80f);
        }
    }

    @Test
    void jpegDecodesCloseToItsSource() {
        BufferedImage image = ImageFixtures.gradient(40, 30);
        Path file = ImageFixtures.write(image, "jpg", dir.resolve("g.jpg"));

        RgbImage decoded = new ImageDecoder().decode(file);

        assertThat(decoded.width()).isEqualTo(40);
        assertThat(decoded.height()).isEqualTo(30);
        float[] expected = ImageFixtures.values(image);
        float[] actual = decoded.values();
        double meanAbsError = 0;
        for (int i = 0; i < actual.length; i++) {
            meanAbsError += Math.abs(actual[i] - expected[i]) / actual.length;
        }
        assertThat(meanAbsError).isLessThan(4.0);
    }

    @Test
    void truncatedJpegIsAnErrorNotAGreyImage() {
        Path file = ImageFixtures.truncatedJpeg(dir.resolve("cut.jpg"));

        assertThatThrownBy(() -> new ImageDecoder().decode(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("corrupt or truncated");
    }

    @Test
    void garbageAndMissingFilesAreNamed() throws IOException {
        Path garbage = Files.writeString(dir.resolve("x.jpg"), "this is not an image");
        Path missing = dir.resolve("missing.jpg");

        assertThatThrownBy(() -> new ImageDecoder().decode(garbage))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(garbage.toString())
                .hasMessageContaining("not a readable image");
        assertThatThrownBy(() -> new ImageDecoder().decode(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(missing.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void headerClaimingAHugeImageIsRejectedBeforeDecoding() throws IOException {
        Path bomb = ImageFixtures.jpegDeclaring(dir.resolve("bomb.jpg"), 65_000, 65_000);
        assertThat(Files.size(bomb)).isLessThan(2_000);

        assertThatThrownBy(() -> new ImageDecoder().decode(bomb))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(bomb.toString())
                .hasMessageContaining("65000x65000 = 4225000000 pixels, more than the limit of 89478485")
                .hasMessageContaining("decompression bomb");
    }

    @Test
    void configurablePixelLimitAppliesToOrdinaryImages() {
        Path file = ImageFixtures.jpeg(dir.resolve("a.jpg"), 40, 30, 3);

        assertThat(new ImageDecoder(1200).decode(file).width()).isEqualTo(40);
        assertThatThrownBy(() -> new ImageDecoder(1199).decode(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("40x30 = 1200 pixels, more than the limit of 1199");
    }
}

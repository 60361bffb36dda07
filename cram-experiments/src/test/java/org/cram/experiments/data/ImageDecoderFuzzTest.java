package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated JPEG, PNG and BMP files (what an image folder holds) end in an image within the pixel limit or a
 * {@link DataFileException} naming the file.
 */
@Timeout(60)
class ImageDecoderFuzzTest {
    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void mutatedImagesAreDecodedWithinThePixelLimitOrRejectedNamingTheFile() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(Files.readAllBytes(ImageFixtures.jpeg(dir.resolve("a.jpg"), 8, 6, 1)));
        inputs.add(Files.readAllBytes(ImageFixtures.write(ImageFixtures.noise(5, 7, 2), "png", dir.resolve("b.png"))));
        inputs.add(Files.readAllBytes(ImageFixtures.write(ImageFixtures.gradient(6, 4), "bmp", dir.resolve("c.bmp"))));
        ImageDecoder decoder = new ImageDecoder(1 << 16);
        Path file = dir.resolve("fuzz-image");
        Fuzz.Report r = Fuzz.reader("images (JPEG/PNG/BMP)").seed(31).cases(2500).inputs(inputs)
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> {
                    RgbImage image = decoder.decode(Files.write(file, bytes));
                    if ((long) image.width() * image.height() > decoder.maxPixels()) {
                        throw new AssertionError("decoded " + image.width() + "x" + image.height()
                                + " beyond the pixel limit");
                    }
                    return image;
                });
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }
}

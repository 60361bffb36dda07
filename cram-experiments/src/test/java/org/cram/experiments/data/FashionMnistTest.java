package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.cram.api.data.Batch;
import org.cram.experiments.data.FashionMnist.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST loading against small generated fixtures; the real files are checked in FashionMnistRealDataTest. */
class FashionMnistTest {
    private static final int PIXELS = 28 * 28;

    @TempDir
    Path dir;

    @Test
    void loadsAndNormalizesAGeneratedSplit() {
        byte[] pixels = IdxFixtures.pixels(4 * PIXELS, 11);
        int[] labels = {3, 0, 9, 3};
        IdxFixtures.images(dir.resolve(Split.TEST.imagesFile()), 4, 28, 28, pixels, true);
        IdxFixtures.labels(dir.resolve(Split.TEST.labelsFile()), labels, true);

        InMemoryImageDataset data = FashionMnist.load(dir, Split.TEST);

        assertThat(data.name()).isEqualTo("fashion-mnist/test");
        assertThat(data.size()).isEqualTo(4);
        assertThat(data.numClasses()).isEqualTo(10);
        assertThat(data.featureShape()).containsExactly(1, 28, 28);
        assertThat(data.labels()).containsExactly(labels);
        float[] example = data.example(2);
        for (int i = 0; i < PIXELS; i++) {
            float expected = ((pixels[2 * PIXELS + i] & 0xFF) / 255f - 0.2860f) / 0.3530f;
            assertThat(example[i]).isCloseTo(expected, within(1e-6f));
        }
    }

    @Test
    void acceptsUncompressedFilesToo() {
        IdxFixtures.images(dir.resolve("train-images-idx3-ubyte"), 1, 28, 28, new byte[PIXELS], false);
        IdxFixtures.labels(dir.resolve("train-labels-idx1-ubyte"), new int[] {5}, false);

        assertThat(FashionMnist.load(dir, Split.TRAIN).label(0)).isEqualTo(5);
    }

    @Test
    void normalizationConstantsMapTheMeanToZero() {
        assertThat(FashionMnist.normalize(0)).isCloseTo(-0.2860f / 0.3530f, within(1e-6f));
        assertThat(FashionMnist.normalize(255)).isCloseTo((1 - 0.2860f) / 0.3530f, within(1e-6f));
        assertThat(FashionMnist.CLASS_NAMES).hasSize(FashionMnist.NUM_CLASSES)
                .startsWith("T-shirt/top").endsWith("Ankle boot");
    }

    @Test
    void missingDirectoryExplainsHowToInstall() {
        Path missing = dir.resolve("no-such-dir");

        assertThatThrownBy(() -> FashionMnist.load(missing, Split.TRAIN))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("data.dir");
    }

    @Test
    void missingFileExplainsHowToInstall() {
        IdxFixtures.images(dir.resolve(Split.TRAIN.imagesFile()), 1, 28, 28, new byte[PIXELS], true);

        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TRAIN))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(Split.TRAIN.labelsFile())
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("data.dir");
    }

    @Test
    void imageAndLabelCountMismatchIsRejected() {
        IdxFixtures.images(dir.resolve(Split.TRAIN.imagesFile()), 3, 28, 28, new byte[3 * PIXELS], true);
        IdxFixtures.labels(dir.resolve(Split.TRAIN.labelsFile()), new int[] {1, 2}, true);

        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TRAIN))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("3 images")
                .hasMessageContaining("2 labels");
    }

    @Test
    void labelOutOfRangeIsRejected() {
        IdxFixtures.images(dir.resolve(Split.TRAIN.imagesFile()), 2, 28, 28, new byte[2 * PIXELS], true);
        IdxFixtures.labels(dir.resolve(Split.TRAIN.labelsFile()), new int[] {1, 10}, true);

        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TRAIN))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(Split.TRAIN.labelsFile())
                .hasMessageContaining("label 10 of example 1");
    }

    @Test
    void wrongImageSizeIsRejected() {
        IdxFixtures.images(dir.resolve(Split.TRAIN.imagesFile()), 1, 32, 32, new byte[32 * 32], true);
        IdxFixtures.labels(dir.resolve(Split.TRAIN.labelsFile()), new int[] {1}, true);

        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TRAIN))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("expected 28x28")
                .hasMessageContaining("32x32");
    }

    @Test
    void flatViewGivesMlpBatches() {
        IdxFixtures.images(dir.resolve(Split.TEST.imagesFile()), 2, 28, 28, IdxFixtures.pixels(2 * PIXELS, 1), true);
        IdxFixtures.labels(dir.resolve(Split.TEST.labelsFile()), new int[] {1, 2}, true);

        Batch batch = FashionMnist.load(dir, Split.TEST).asFlat().batch(new int[] {1, 0});

        assertThat(batch.features().shape()).containsExactly(2, PIXELS);
        assertThat(batch.labels()).containsExactly(2, 1);
    }
}

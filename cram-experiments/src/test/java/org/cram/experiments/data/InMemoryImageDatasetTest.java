package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cram.api.data.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class InMemoryImageDatasetTest {
    @TempDir
    java.nio.file.Path dir;

    /** 5 examples of 2x3x2; value = example * 100 + position, so every value identifies its source. */
    private static InMemoryImageDataset tiny() {
        int length = 2 * 3 * 2;
        float[] features = new float[5 * length];
        for (int i = 0; i < features.length; i++) {
            features[i] = (i / length) * 100 + i % length;
        }
        return new InMemoryImageDataset("tiny", features, new int[] {0, 1, 2, 1, 0}, 3, 2, 3, 2);
    }

    @Test
    void batchContentEqualsNormalizedSourcePixelsForChosenIndices() {
        byte[] pixels = IdxFixtures.pixels(6 * 28 * 28, 42);
        IdxFixtures.images(dir.resolve(FashionMnist.Split.TRAIN.imagesFile()), 6, 28, 28, pixels, true);
        IdxFixtures.labels(dir.resolve(FashionMnist.Split.TRAIN.labelsFile()), new int[] {0, 1, 2, 3, 4, 5}, true);
        InMemoryImageDataset data = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
        int[] chosen = {4, 1, 4, 0};

        Batch batch = data.batch(chosen);

        assertThat(batch.features().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(batch.features().shape()).containsExactly(4, 1, 28, 28);
        assertThat(batch.labels()).containsExactly(4, 1, 4, 0);
        float[] values = batch.features().dup('c').data().asFloat();
        for (int b = 0; b < chosen.length; b++) {
            for (int p = 0; p < 28 * 28; p++) {
                int raw = pixels[chosen[b] * 28 * 28 + p] & 0xFF;
                assertThat(values[b * 28 * 28 + p]).isEqualTo(FashionMnist.normalize(raw));
                assertThat(batch.features().getFloat(b, 0, p / 28, p % 28)).isEqualTo(FashionMnist.normalize(raw));
            }
        }
    }

    @Test
    void batchIsAFreshCopy() {
        InMemoryImageDataset data = tiny();
        Batch first = data.batch(new int[] {1});
        first.features().assign(-1);

        assertThat(data.batch(new int[] {1}).features().getFloat(0, 0, 0, 1)).isEqualTo(101f);
    }

    @Test
    void flatViewSharesDataAndFlattensBatches() {
        InMemoryImageDataset images = tiny();
        InMemoryImageDataset flat = images.asFlat();

        assertThat(images.featureShape()).containsExactly(2, 3, 2);
        assertThat(flat.featureShape()).containsExactly(12);
        assertThat(flat.isFlat()).isTrue();
        Batch batch = flat.batch(new int[] {3, 2});
        assertThat(batch.features().shape()).containsExactly(2, 12);
        assertThat(batch.features().getFloat(0, 11)).isEqualTo(311f);
        assertThat(batch.features().getFloat(1, 0)).isEqualTo(200f);
        assertThat(flat.asImages().batch(new int[] {3}).features().shape()).containsExactly(1, 2, 3, 2);
    }

    @Test
    void subsetCopiesChosenExamplesInOrder() {
        InMemoryImageDataset subset = tiny().subset(new int[] {4, 2}, "tiny/sub");

        assertThat(subset.name()).isEqualTo("tiny/sub");
        assertThat(subset.size()).isEqualTo(2);
        assertThat(subset.labels()).containsExactly(0, 2);
        assertThat(subset.example(0)[5]).isEqualTo(405f);
        assertThat(subset.example(1)[0]).isEqualTo(200f);
        assertThat(subset.classCounts()).containsExactly(1, 0, 1);
    }

    @Test
    void outOfRangeIndicesAreRejectedClearly() {
        InMemoryImageDataset data = tiny();

        assertThatThrownBy(() -> data.batch(new int[] {0, 5}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 5 at position 1")
                .hasMessageContaining("'tiny' of size 5");
        assertThatThrownBy(() -> data.subset(new int[] {-1}, "x"))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index -1");
        assertThatThrownBy(() -> data.batch(new int[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorValidatesSizesAndLabels() {
        assertThatThrownBy(() -> new InMemoryImageDataset("bad", new float[11], new int[] {0}, 2, 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 12 feature values, got 11");
        assertThatThrownBy(() -> new InMemoryImageDataset("bad", new float[12], new int[] {2}, 2, 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 2 of example 0");
    }

    @Test
    void constructorCopiesItsInput() {
        float[] features = new float[4];
        int[] labels = {0};
        InMemoryImageDataset data = new InMemoryImageDataset("copy", features, labels, 2, 1, 2, 2);
        features[0] = 7;
        labels[0] = 1;

        assertThat(data.example(0)[0]).isZero();
        assertThat(data.label(0)).isZero();
    }
}

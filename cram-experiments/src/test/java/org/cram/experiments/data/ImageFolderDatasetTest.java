package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path root;

    private static final ImageNetTransforms TINY = ImageNetTransforms.standard().withSizes(40, 32);

    /** zebra (2 images), apple (2, one nested), mango (1), plus files and folders that are not images. */
    @BeforeEach
    void tree() throws IOException {
        ImageFixtures.jpeg(root.resolve("zebra/z2.jpg"), 60, 45, 1);
        ImageFixtures.jpeg(root.resolve("zebra/z1.JPEG"), 45, 60, 2);
        ImageFixtures.jpeg(root.resolve("apple/b.jpg"), 50, 50, 3);
        ImageFixtures.jpeg(root.resolve("apple/sub/a.jpg"), 41, 70, 4);
        ImageFixtures.write(ImageFixtures.gradient(48, 40), "png", root.resolve("mango/m.png"));
        Files.writeString(root.resolve("apple/notes.txt"), "not an image");
        Files.writeString(root.resolve("README"), "top-level files are not classes");
    }

    @Test
    void classesAreSortedFolderNamesAndFilesSortedPaths() {
        ImageFolder folder = ImageFolder.scan(root);

        assertThat(folder.classNames()).containsExactly("apple", "mango", "zebra");
        assertThat(folder.size()).isEqualTo(5);
        assertThat(folder.classCounts()).containsExactly(2, 1, 2);
        assertThat(folder.file(0)).isEqualTo(root.resolve("apple/b.jpg"));
        assertThat(folder.file(1)).isEqualTo(root.resolve("apple/sub/a.jpg"));
        assertThat(folder.sample(2)).isEqualTo(new ImageFolder.Sample(root.resolve("mango/m.png"), 1));
        assertThat(folder.file(3)).isEqualTo(root.resolve("zebra/z1.JPEG"));
        assertThat(folder.label(4)).isEqualTo(2);
    }

    @Test
    void evaluationBatchesDecodeLazilyToTheCropShape() {
        ImageFolder folder = ImageFolder.scan(root);
        ImageFolderDataset data = ImageFolderDataset.evaluation("tiny/val", folder, TINY, new ImageDecoder());

        Batch batch = data.batch(new int[] {4, 2, 0});

        assertThat(data.name()).isEqualTo("tiny/val");
        assertThat(data.size()).isEqualTo(5);
        assertThat(data.numClasses()).isEqualTo(3);
        assertThat(data.featureShape()).containsExactly(3, 32, 32);
        assertThat(batch.features().shape()).containsExactly(3, 3, 32, 32);
        assertThat(batch.labels()).containsExactly(2, 1, 0);
        float[] expected = TINY.evaluate(new ImageDecoder().decode(folder.file(2)));
        float[] actual = batch.features().dup('c').data().asFloat();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[3 * 32 * 32 + i]).isEqualTo(expected[i]);
        }
        assertThat(data.batch(new int[] {2}).features()).isEqualTo(data.batch(new int[] {2}).features());
    }

    @Test
    void trainingBatchesAreReproducibleUnderTheSeed() {
        ImageFolder folder = ImageFolder.scan(root);
        ImageFolderDataset a = ImageFolderDataset.training("t", folder, TINY, new ImageDecoder(), 11);
        ImageFolderDataset b = ImageFolderDataset.training("t", folder, TINY, new ImageDecoder(), 11);
        ImageFolderDataset c = ImageFolderDataset.training("t", folder, TINY, new ImageDecoder(), 12);
        int[] indices = {0, 1, 2, 3, 4};

        Batch a1 = a.batch(indices);
        Batch a2 = a.batch(indices);
        Batch b1 = b.batch(indices);
        Batch b2 = b.batch(indices);

        assertThat(a1.features().shape()).containsExactly(5, 3, 32, 32);
        assertThat(a1.features()).isEqualTo(b1.features());
        assertThat(a2.features()).isEqualTo(b2.features());
        assertThat(a1.features()).isNotEqualTo(a2.features());
        assertThat(c.batch(indices).features()).isNotEqualTo(a1.features());
        assertThat(a.batch(indices, new SplittableRandom(3)).features())
                .isEqualTo(b.batch(indices, new SplittableRandom(3)).features());
        assertThat(a.isTraining()).isTrue();
    }

    @Test
    void corruptImageFailsItsBatchNamingTheFile() {
        Path broken = ImageFixtures.truncatedJpeg(root.resolve("mango/broken.jpg"));
        ImageFolder folder = ImageFolder.scan(root);
        ImageFolderDataset data = ImageFolderDataset.evaluation("t", folder, TINY, new ImageDecoder());
        int index = 2;
        assertThat(folder.file(index)).isEqualTo(broken);

        assertThat(data.batch(new int[] {0}).size()).isEqualTo(1);
        assertThatThrownBy(() -> data.batch(new int[] {0, index}))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(broken.toString())
                .hasMessageContaining("corrupt or truncated");
    }

    @Test
    void pixelLimitAppliesThroughTheDataset() {
        Path bomb = ImageFixtures.jpegDeclaring(root.resolve("apple/bomb.jpg"), 60_000, 50_000);
        ImageFolder folder = ImageFolder.scan(root);
        ImageFolderDataset data = ImageFolderDataset.evaluation("t", folder, TINY, new ImageDecoder());

        assertThat(folder.file(1)).isEqualTo(bomb);
        assertThatThrownBy(() -> data.batch(new int[] {1}))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(bomb.toString())
                .hasMessageContaining("60000x50000");
    }

    @Test
    void badTreesAreRejectedNamingTheDirectory() throws IOException {
        Files.createDirectory(root.resolve("empty"));
        assertThatThrownBy(() -> ImageFolder.scan(root))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(root.resolve("empty").toString())
                .hasMessageContaining("holds no image file");

        Path flat = Files.createDirectory(root.resolve("empty/flat"));
        Files.writeString(flat.resolve("x.txt"), "");
        assertThatThrownBy(() -> ImageFolder.scan(flat))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("no class sub-directories");
        assertThatThrownBy(() -> ImageFolder.scan(root.resolve("nope")))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("image folder not found");
    }

    @Test
    void outOfRangeIndicesAreRejected() {
        ImageFolderDataset data = ImageFolderDataset.evaluation("t", ImageFolder.scan(root), TINY,
                new ImageDecoder());

        assertThatThrownBy(() -> data.batch(new int[] {0, 5}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 5 at position 1");
        assertThatThrownBy(() -> data.batch(new int[0])).isInstanceOf(IllegalArgumentException.class);
    }
}

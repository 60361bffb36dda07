package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageAugmentationTest {
    private static final int N = 6;
    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 7;

    /** Distinct non-zero values, so a shifted copy can never be mistaken for another. */
    private static Batch batch() {
        float[] data = new float[N * C * H * W];
        for (int i = 0; i < data.length; i++) {
            data[i] = i + 1;
        }
        return new Batch(Nd4j.create(data, new long[] {N, C, H, W}, org.nd4j.linalg.api.buffer.DataType.FLOAT),
                new int[] {0, 1, 2, 3, 4, 5});
    }

    private static float[] values(Batch b) {
        return b.features().dup('c').data().asFloat();
    }

    @Test
    void padZeroWithoutFlipIsIdentity() {
        Batch in = batch();

        Batch out = new ImageAugmentation(0, 0.0).apply(in, new SplittableRandom(1));

        assertThat(values(out)).containsExactly(values(in));
        assertThat(out.labels()).containsExactly(in.labels());
    }

    @Test
    void forcedFlipTwiceIsIdentityAndOnceMirrorsRows() {
        Batch in = batch();
        ImageAugmentation flip = new ImageAugmentation(0, 1.0);

        Batch once = flip.apply(in, new SplittableRandom(1));
        Batch twice = flip.apply(once, new SplittableRandom(2));

        assertThat(values(twice)).containsExactly(values(in));
        INDArray a = in.features();
        INDArray b = once.features();
        assertThat(b.getFloat(3, 1, 2, 0)).isEqualTo(a.getFloat(3, 1, 2, W - 1));
        assertThat(b.getFloat(3, 1, 2, 2)).isEqualTo(a.getFloat(3, 1, 2, W - 3));
    }

    @Test
    void shapesAndLabelsArePreservedAndInputUntouched() {
        Batch in = batch();
        float[] before = values(in);

        Batch out = new ImageAugmentation(2, 0.5).apply(in, new SplittableRandom(3));

        assertThat(out.features().shape()).containsExactly(N, C, H, W);
        assertThat(out.labels()).containsExactly(in.labels());
        assertThat(values(in)).containsExactly(before);
    }

    @Test
    void deterministicUnderTheSameSeed() {
        ImageAugmentation aug = new ImageAugmentation(2, 0.5);

        float[] a = values(aug.apply(batch(), new SplittableRandom(42)));
        float[] b = values(aug.apply(batch(), new SplittableRandom(42)));
        float[] c = values(aug.apply(batch(), new SplittableRandom(43)));

        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void eachExampleIsAZeroFilledShiftOfItsInputWithinThePadding() {
        int pad = 2;
        Batch in = batch();
        Batch out = new ImageAugmentation(pad, 0.0).apply(in, new SplittableRandom(9));

        for (int n = 0; n < N; n++) {
            assertThat(matchesSomeShift(in.features(), out.features(), n, pad))
                    .as("example %d is a shift of its input by at most %d pixels", n, pad).isTrue();
        }
    }

    private static boolean matchesSomeShift(INDArray in, INDArray out, int n, int pad) {
        for (int dy = -pad; dy <= pad; dy++) {
            for (int dx = -pad; dx <= pad; dx++) {
                if (isShift(in, out, n, dy, dx)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isShift(INDArray in, INDArray out, int n, int dy, int dx) {
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    float expected = sy >= 0 && sy < H && sx >= 0 && sx < W ? in.getFloat(n, c, sy, sx) : 0f;
                    if (out.getFloat(n, c, y, x) != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void uncoveredBorderTakesTheFillValue() {
        // one 1x3x3 image of ones; a shift always uncovers at least one row or column when padding > 0 forces it
        float[] src = new float[9];
        java.util.Arrays.fill(src, 1f);
        float[] dst = new float[9];
        java.util.Arrays.fill(dst, -0.81f);
        ImageAugmentation.transform(src, dst, 0, 1, 3, 3, 1, 0, false); // shift up by one row
        assertThat(java.util.Arrays.copyOfRange(dst, 0, 6)).containsOnly(1f);
        assertThat(java.util.Arrays.copyOfRange(dst, 6, 9)).containsOnly(-0.81f);
        Batch out = new ImageAugmentation(1, 0, -0.81f).apply(new Batch(
                org.nd4j.linalg.factory.Nd4j.create(src, new long[] {1, 1, 3, 3}, org.nd4j.linalg.api.buffer.DataType.FLOAT),
                new int[] {0}), new java.util.SplittableRandom(1));
        for (float v : out.features().data().asFloat()) {
            assertThat(v).isIn(1f, -0.81f);
        }
    }

    @Test
    void flatBatchesNeedTheImageShapeAndKeepTheirShape() {
        Batch flat = new Batch(batch().features().reshape(N, C * H * W), batch().labels());
        ImageAugmentation aug = new ImageAugmentation(1, 0.5);

        assertThatThrownBy(() -> aug.apply(flat, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apply(batch, C, H, W, rng)");
        Batch out = aug.apply(flat, C, H, W, new SplittableRandom(1));
        Batch viaImages = aug.apply(batch(), new SplittableRandom(1));
        assertThat(out.features().shape()).containsExactly(N, C * H * W);
        assertThat(values(out)).containsExactly(values(viaImages));
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new ImageAugmentation(-1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageAugmentation(2, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}

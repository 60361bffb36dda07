package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.experiments.data.ImageNetTransforms.CropBox;
import org.junit.jupiter.api.Test;

class ImageNetTransformsTest {
    private static RgbImage rgb(BufferedImage image) {
        return RgbImage.of(image.getWidth(), image.getHeight(), ImageFixtures.values(image));
    }

    /** Tiny sizes for tests: resize 20, crop 16. */
    private static final ImageNetTransforms TINY = ImageNetTransforms.standard().withSizes(20, 16);

    @Test
    void standardSettingsAreTheReference() {
        ImageNetTransforms t = ImageNetTransforms.standard();
        assertThat(t.resizeSize()).isEqualTo(256);
        assertThat(t.cropSize()).isEqualTo(224);
        assertThat(t.featureShape()).containsExactly(3, 224, 224);
        ChannelNormalization n = t.normalization();
        assertThat(new float[] {n.mean(0), n.mean(1), n.mean(2)}).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(new float[] {n.std(0), n.std(1), n.std(2)}).containsExactly(0.229f, 0.224f, 0.225f);
    }

    @Test
    void resizeKeepsAspectWithTheShorterSideAtTheTarget() {
        assertThat(TINY.resizeShorterSide(rgb(ImageFixtures.noise(30, 45, 1)))).satisfies(i -> {
            assertThat(i.width()).isEqualTo(20);
            assertThat(i.height()).isEqualTo(30);
        });
        assertThat(TINY.resizeShorterSide(rgb(ImageFixtures.noise(45, 31, 1)))).satisfies(i -> {
            assertThat(i.width()).isEqualTo(29);
            assertThat(i.height()).isEqualTo(20);
        });
    }

    /**
     * On a gradient linear in x and y, the symmetric bilinear filter reproduces the line at each output pixel's
     * centre in source coordinates, {@code (i + 0.5) * scale - 0.5}; with an 80x40 source, resize 20 (scale 2)
     * and crop 16 at offsets (top 2, left 12), every output pixel is away from the border.
     */
    @Test
    void evaluationTransformMatchesTheLinearReferenceOnAGradient() {
        RgbImage image = rgb(ImageFixtures.gradient(80, 40));

        float[] out = TINY.evaluate(image);

        assertThat(out).hasSize(3 * 16 * 16);
        ChannelNormalization n = ChannelNormalization.IMAGENET;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                double red = 3 * ((x + 12 + 0.5) * 2 - 0.5);
                double green = 5 * ((y + 2 + 0.5) * 2 - 0.5);
                assertThat(out[y * 16 + x]).isCloseTo(n.normalize(0, (float) (red / 255)), within(1e-4f));
                assertThat(out[256 + y * 16 + x]).isCloseTo(n.normalize(1, (float) (green / 255)), within(1e-4f));
                assertThat(out[512 + y * 16 + x]).isCloseTo(n.normalize(2, 100 / 255f), within(1e-4f));
            }
        }
    }

    /** Halving uses Pillow's widened triangle: taps 1/8, 3/8, 3/8, 1/8 per axis around each pair of pixels. */
    @Test
    void downscalingByTwoAveragesWithTheWidenedTriangle() {
        RgbImage image = rgb(ImageFixtures.noise(16, 16, 5));
        double[] taps = {1 / 8.0, 3 / 8.0, 3 / 8.0, 1 / 8.0};

        RgbImage half = ImageResampler.resize(image, 8, 8);

        for (int c = 0; c < 3; c++) {
            for (int y = 1; y < 7; y++) {
                for (int x = 1; x < 7; x++) {
                    double expected = 0;
                    for (int dy = 0; dy < 4; dy++) {
                        for (int dx = 0; dx < 4; dx++) {
                            expected += taps[dy] * taps[dx] * image.value(c, 2 * y - 1 + dy, 2 * x - 1 + dx);
                        }
                    }
                    assertThat((double) half.value(c, y, x)).isCloseTo(expected, within(1e-3));
                }
            }
        }
    }

    @Test
    void upscalingIsBilinearWithHalfPixelCentres() {
        RgbImage image = rgb(ImageFixtures.gradient(10, 10));

        RgbImage up = ImageResampler.resize(image, 20, 20);

        for (int x = 1; x < 19; x++) {
            assertThat(up.value(0, 7, x)).isCloseTo((float) (3 * ((x + 0.5) / 2 - 0.5)), within(1e-4f));
        }
        assertThat(up.value(0, 7, 0)).isEqualTo(0f);
        assertThat(up.value(0, 7, 19)).isCloseTo(27f, within(1e-4f));
        assertThat(ImageResampler.resize(image, 10, 10)).isSameAs(image);
    }

    @Test
    void centerCropRoundsHalfToEvenLikePython() {
        RgbImage image = rgb(ImageFixtures.gradient(21, 19));
        ImageNetTransforms t = ImageNetTransforms.standard().withSizes(16, 16);

        RgbImage crop = t.centerCrop(image);

        // left = round(2.5) = 2, top = round(1.5) = 2
        assertThat(crop.value(0, 0, 0)).isEqualTo(image.value(0, 2, 2));
        assertThat(crop.value(1, 0, 0)).isEqualTo(image.value(1, 2, 2));
    }

    @Test
    void randomResizedCropIsDeterministicUnderASeed() {
        ImageNetTransforms t = ImageNetTransforms.standard();
        List<CropBox> first = boxes(t, new SplittableRandom(42));
        List<CropBox> second = boxes(t, new SplittableRandom(42));
        List<CropBox> other = boxes(t, new SplittableRandom(43));

        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
    }

    private static List<CropBox> boxes(ImageNetTransforms t, SplittableRandom rng) {
        List<CropBox> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(t.randomResizedCropBox(120, 80, rng));
        }
        return out;
    }

    @Test
    void randomResizedCropAlwaysStaysInsideTheImage() {
        ImageNetTransforms t = ImageNetTransforms.standard();
        SplittableRandom sizes = new SplittableRandom(1);
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 5000; i++) {
            int w = 1 + sizes.nextInt(i % 10 == 0 ? 2000 : 300);
            int h = 1 + sizes.nextInt(300);
            CropBox b = t.randomResizedCropBox(w, h, rng);
            assertThat(b.width()).isBetween(1, w);
            assertThat(b.height()).isBetween(1, h);
            assertThat(b.left()).isBetween(0, w - b.width());
            assertThat(b.top()).isBetween(0, h - b.height());
        }
    }

    @Test
    void randomResizedCropsFollowTheScaleAndRatioRanges() {
        ImageNetTransforms t = ImageNetTransforms.standard();
        SplittableRandom rng = new SplittableRandom(3);
        double minArea = 1;
        double maxArea = 0;
        for (int i = 0; i < 2000; i++) {
            CropBox b = t.randomResizedCropBox(400, 400, rng);
            double area = (double) b.width() * b.height() / (400 * 400);
            double ratio = (double) b.width() / b.height();
            minArea = Math.min(minArea, area);
            maxArea = Math.max(maxArea, area);
            assertThat(area).isBetween(0.075, 1.0);
            assertThat(ratio).isBetween(0.74, 1.35);
        }
        assertThat(minArea).isLessThan(0.1);
        assertThat(maxArea).isGreaterThan(0.9);
    }

    @Test
    void randomResizedCropFallsBackToTheClampedCentralCrop() {
        ImageNetTransforms t = ImageNetTransforms.standard().withScale(0.9, 1.0);

        assertThat(t.randomResizedCropBox(1000, 10, new SplittableRandom(1)))
                .isEqualTo(new CropBox(0, 493, 10, 13));
        assertThat(t.randomResizedCropBox(10, 1000, new SplittableRandom(1)))
                .isEqualTo(new CropBox(493, 0, 13, 10));
        assertThat(ImageNetTransforms.standard().withScale(1, 1).withRatio(1, 1)
                .randomResizedCropBox(30, 30, new SplittableRandom(1))).isEqualTo(new CropBox(0, 0, 30, 30));
    }

    @Test
    void trainingTransformIsSeededAndHasTheCropShape() {
        RgbImage image = rgb(ImageFixtures.noise(50, 40, 9));
        ImageNetTransforms t = ImageNetTransforms.standard().withSizes(40, 32);

        float[] a = t.train(image, new SplittableRandom(5));
        float[] b = t.train(image, new SplittableRandom(5));
        float[] c = t.train(image, new SplittableRandom(6));

        assertThat(a).hasSize(3 * 32 * 32).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        for (float v : a) {
            assertThat(v).isBetween(-2.2f, 2.7f);
        }
    }

    @Test
    void flipMirrorsTheCrop() {
        RgbImage image = rgb(ImageFixtures.noise(32, 32, 4));
        ImageNetTransforms whole = ImageNetTransforms.standard().withSizes(32, 32).withScale(1, 1).withRatio(1, 1);

        assertThat(whole.withFlipProbability(1).train(image, new SplittableRandom(1)))
                .containsExactly(whole.evaluate(image.flipHorizontal()));
        assertThat(whole.withFlipProbability(0).train(image, new SplittableRandom(1)))
                .containsExactly(whole.evaluate(image));
        assertThat(image.flipHorizontal().value(1, 3, 0)).isEqualTo(image.value(1, 3, 31));
    }

    @Test
    void invalidSettingsAreRejected() {
        ImageNetTransforms t = ImageNetTransforms.standard();
        assertThatThrownBy(() -> t.withSizes(20, 32)).hasMessageContaining("need 1 <= crop <= resize");
        assertThatThrownBy(() -> t.withScale(0, 1)).hasMessageContaining("min scale");
        assertThatThrownBy(() -> t.withRatio(2, 1)).hasMessageContaining("min ratio");
        assertThatThrownBy(() -> t.withFlipProbability(1.5)).hasMessageContaining("flip probability");
    }
}

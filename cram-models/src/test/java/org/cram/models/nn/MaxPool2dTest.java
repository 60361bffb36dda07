package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Max pooling against a plain-Java reference of torch.nn.MaxPool2d (padding acts as minus infinity). */
@ExtendWith(SingleNativeThread.class)
class MaxPool2dTest {
    private static final int N = 2;
    private static final int C = 3;

    /** torch.nn.MaxPool2d(kernel, stride, padding) forward, and the flat input index each output came from. */
    private record Reference(double[] output, int[] argmax, int outH, int outW) {
        static Reference of(double[] x, int h, int w, int kernel, int stride, int padding) {
            int outH = (h + 2 * padding - kernel) / stride + 1;
            int outW = (w + 2 * padding - kernel) / stride + 1;
            double[] out = new double[N * C * outH * outW];
            int[] argmax = new int[out.length];
            for (int plane = 0; plane < N * C; plane++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                int y = oy * stride - padding + ky;
                                int xx = ox * stride - padding + kx;
                                if (y < 0 || y >= h || xx < 0 || xx >= w) {
                                    continue; // padding never wins
                                }
                                int i = (plane * h + y) * w + xx;
                                if (x[i] > best) {
                                    best = x[i];
                                    at = i;
                                }
                            }
                        }
                        int o = (plane * outH + oy) * outW + ox;
                        out[o] = best;
                        argmax[o] = at;
                    }
                }
            }
            return new Reference(out, argmax, outH, outW);
        }
    }

    /** Mostly negative input, so zero padding would show up as wrong maxima at the borders. */
    private static INDArray input(long seed, DataType type, int h, int w) {
        return GradientChecks.randomArray(new SplittableRandom(seed), type, N, C, h, w).subi(0.8);
    }

    @ParameterizedTest(name = "{0} {1}x{2} kernel {3} stride {4} padding {5}")
    @CsvSource({
            "FLOAT, 7, 6, 3, 2, 1",
            "DOUBLE, 7, 6, 3, 2, 1",
            "FLOAT, 8, 8, 3, 2, 1",
            "DOUBLE, 9, 5, 3, 1, 1",
            "FLOAT, 8, 6, 2, 2, 0",
            "DOUBLE, 6, 7, 5, 3, 2"})
    void forwardAndBackwardMatchTorchSemantics(DataType type, int h, int w, int kernel, int stride, int padding) {
        INDArray x = input(h * 31L + w, type, h, w);
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
        Reference ref = Reference.of(xs, h, w, kernel, stride, padding);
        MaxPool2d pool = new MaxPool2d(kernel, stride, padding);

        INDArray y = pool.forward(x, ForwardMode.TRAIN);
        assertThat(y.shape()).containsExactly(N, C, ref.outH(), ref.outW());
        assertAllClose(y.castTo(DataType.DOUBLE).data().asDouble(), ref.output(), 0, 0);

        INDArray gradOut = GradientChecks.randomArray(new SplittableRandom(5), type, y.shape());
        double[] g = gradOut.castTo(DataType.DOUBLE).data().asDouble();
        double[] expected = new double[xs.length];
        for (int o = 0; o < g.length; o++) {
            expected[ref.argmax()[o]] += g[o]; // overlapping windows accumulate
        }
        INDArray gradIn = pool.backward(gradOut, new INDArray[0]);
        double tol = type == DataType.DOUBLE ? 1e-14 : 1e-6;
        assertAllClose(gradIn.castTo(DataType.DOUBLE).data().asDouble(), expected, tol, tol);
    }

    @Test
    void paddedPoolingGradientMatchesFiniteDifferencesInDouble() {
        SplittableRandom random = new SplittableRandom(9);
        MaxPool2d pool = new MaxPool2d(3, 2, 1);
        INDArray x = GradientChecks.randomArray(random, DataType.DOUBLE, N, C, 7, 8);
        INDArray projection = GradientChecks.randomArray(random, DataType.DOUBLE, N, C, 4, 4);
        StringBuilder report = new StringBuilder();
        double worst = GradientChecks.worstLayerViolation(pool, x, projection, 0, 120, random, 1e-6, 1e-9, report);
        assertThat(worst).as("finite-difference mismatches:%n%s", report).isLessThanOrEqualTo(0);
    }

    @Test
    void singleSizeConstructorKeepsNonOverlappingUnpaddedPooling() {
        INDArray x = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(1, 1, 4, 4);
        INDArray y = new MaxPool2d(2).forward(x, ForwardMode.EVAL);
        assertThat(y.shape()).containsExactly(1, 1, 2, 2);
        assertThat(y.data().asFloat()).containsExactly(5, 7, 13, 15);
    }

    @Test
    void rejectsPaddingBeyondHalfTheWindow() {
        assertThatThrownBy(() -> new MaxPool2d(3, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding 2");
    }
}

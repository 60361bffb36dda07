package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 batch norm path ({@link FloatBatchNorm}, Java loops) against a plain-Java double reference of
 * torch.nn.BatchNorm2d's forward and backward, and against the same layer in double precision (libnd4j's native
 * {@code batchnorm} / {@code batchnorm_bp}).
 */
class FloatBatchNormTest {
    private static final double[] GAMMA = {1.5, 0.5, 2.0, -0.7, 1.1};
    private static final double[] BETA = {0.1, -0.2, 0.3, 0.0, 2.5};

    private static double[] randoms(SplittableRandom r, int n, double scale, double shift) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextDouble() * 2 - 1) * scale + shift;
        }
        return v;
    }

    private static BatchNorm2d layer(int channels, DataType type) {
        BatchNorm2d bn = new BatchNorm2d("bn", channels, type);
        bn.parameters().get(0).value().assign(Nd4j.createFromArray(java.util.Arrays.copyOf(GAMMA, channels)));
        bn.parameters().get(1).value().assign(Nd4j.createFromArray(java.util.Arrays.copyOf(BETA, channels)));
        return bn;
    }

    /** torch's training forward and backward in double, with the same NCHW layout. */
    private record Reference(double[] y, double[] dx, double[] dGamma, double[] dBeta, double[] runningMean,
                             double[] runningVar, double dxScale) {
        static Reference of(double[] x, double[] dy, int n, int c, int plane) {
            double[] y = new double[x.length];
            double[] dx = new double[x.length];
            double[] dGamma = new double[c];
            double[] dBeta = new double[c];
            double[] runningMean = new double[c];
            double[] runningVar = new double[c];
            double dxScale = 0; // max |gamma / sigma * dy|: the size of dx's terms before they cancel
            int count = n * plane;
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < plane; i++) {
                        sum += x[(b * c + ch) * plane + i];
                    }
                }
                double mean = sum / count;
                double sq = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < plane; i++) {
                        double d = x[(b * c + ch) * plane + i] - mean;
                        sq += d * d;
                    }
                }
                double sigma = Math.sqrt(sq / count + BatchNorm2d.EPSILON);
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < plane; i++) {
                        int at = (b * c + ch) * plane + i;
                        double xhat = (x[at] - mean) / sigma;
                        y[at] = xhat * GAMMA[ch] + BETA[ch];
                        sumDy += dy[at];
                        sumDyXhat += dy[at] * xhat;
                    }
                }
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < plane; i++) {
                        int at = (b * c + ch) * plane + i;
                        double xhat = (x[at] - mean) / sigma;
                        dx[at] = GAMMA[ch] / sigma * (dy[at] - sumDy / count - xhat * sumDyXhat / count);
                        dxScale = Math.max(dxScale, Math.abs(GAMMA[ch] / sigma * dy[at]));
                    }
                }
                dGamma[ch] = sumDyXhat;
                dBeta[ch] = sumDy;
                runningMean[ch] = 0.1 * mean;
                runningVar[ch] = 0.9 + 0.1 * sq / (count - 1);
            }
            return new Reference(y, dx, dGamma, dBeta, runningMean, runningVar, dxScale);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}x{3}")
    @CsvSource({"4,3,5,3", "16,5,12,12", "2,4,1,1", "8,2,9,7"})
    void trainingForwardAndBackwardMatchTheDoubleReference(int n, int c, int h, int w) {
        SplittableRandom random = new SplittableRandom(n * 1000L + c * 100L + h * 10L + w);
        double[] xs = randoms(random, n * c * h * w, 3, 0.5);
        double[] dys = randoms(random, xs.length, 1, 0);
        Reference ref = Reference.of(xs, dys, n, c, h * w);

        BatchNorm2d bn = layer(c, DataType.FLOAT);
        INDArray x = Nd4j.create(xs, new long[] {n, c, h, w}, 'c').castTo(DataType.FLOAT);
        assertThat(FloatBatchNorm.supports(x)).isTrue();
        INDArray y = bn.forward(x, ForwardMode.TRAIN).dup();
        INDArray[] grads = {Nd4j.create(DataType.FLOAT, c), Nd4j.create(DataType.FLOAT, c)};
        INDArray dx = bn.backward(Nd4j.create(dys, new long[] {n, c, h, w}, 'c').castTo(DataType.FLOAT), grads);

        assertAllClose(y.castTo(DataType.DOUBLE).data().asDouble(), ref.y(), 1e-5, 1e-5);
        assertAllClose(bn.runningMean().castTo(DataType.DOUBLE).data().asDouble(), ref.runningMean(), 1e-5, 1e-6);
        assertAllClose(bn.runningVar().castTo(DataType.DOUBLE).data().asDouble(), ref.runningVar(), 1e-5, 1e-6);
        assertAllClose(dx.castTo(DataType.DOUBLE).data().asDouble(), ref.dx(), 1e-4, 1e-6 * ref.dxScale());
        assertAllClose(grads[0].castTo(DataType.DOUBLE).data().asDouble(), ref.dGamma(), 1e-4, 1e-4);
        assertAllClose(grads[1].castTo(DataType.DOUBLE).data().asDouble(), ref.dBeta(), 1e-4, 1e-4);
    }

    @Test
    void floatPathAgreesWithTheNativeDoublePathIncludingEvalAndAStridedInput() {
        int n = 6;
        int c = 4;
        SplittableRandom random = new SplittableRandom(11);
        double[] xs = randoms(random, n * c * 10 * 10, 2, -1);
        double[] dys = randoms(random, xs.length, 1, 0);
        long[] shape = {n, c, 10, 10};
        BatchNorm2d single = layer(c, DataType.FLOAT);
        BatchNorm2d dbl = layer(c, DataType.DOUBLE);
        // an NHWC array permuted to NCHW: a strided view, which the float path copies to C order first
        INDArray nhwc = Nd4j.create(xs, shape, 'c').permute(0, 2, 3, 1).dup('c').castTo(DataType.FLOAT);
        INDArray stridedView = nhwc.permute(0, 3, 1, 2);
        assertThat(FloatBatchNorm.supports(stridedView)).isFalse();

        INDArray yFloat = single.forward(stridedView, ForwardMode.TRAIN).dup();
        INDArray yDouble = dbl.forward(Nd4j.create(xs, shape, 'c'), ForwardMode.TRAIN).dup();
        assertAllClose(yFloat.castTo(DataType.DOUBLE), yDouble, 1e-5, 1e-5);

        INDArray[] gFloat = {Nd4j.create(DataType.FLOAT, c), Nd4j.create(DataType.FLOAT, c)};
        INDArray[] gDouble = {Nd4j.create(DataType.DOUBLE, c), Nd4j.create(DataType.DOUBLE, c)};
        INDArray dxFloat = single.backward(Nd4j.create(dys, shape, 'c').castTo(DataType.FLOAT), gFloat);
        INDArray dxDouble = dbl.backward(Nd4j.create(dys, shape, 'c'), gDouble);
        assertAllClose(dxFloat.castTo(DataType.DOUBLE), dxDouble, 1e-4, 1e-6);
        assertAllClose(gFloat[0].castTo(DataType.DOUBLE), gDouble[0], 1e-4, 1e-5);
        assertAllClose(gFloat[1].castTo(DataType.DOUBLE), gDouble[1], 1e-4, 1e-5);

        double[] xs2 = randoms(random, xs.length, 1, 0.3);
        INDArray evalFloat = single.forward(Nd4j.create(xs2, shape, 'c').castTo(DataType.FLOAT), ForwardMode.EVAL);
        INDArray evalDouble = dbl.forward(Nd4j.create(xs2, shape, 'c'), ForwardMode.EVAL);
        assertAllClose(evalFloat.castTo(DataType.DOUBLE), evalDouble, 1e-5, 1e-5);
    }
}

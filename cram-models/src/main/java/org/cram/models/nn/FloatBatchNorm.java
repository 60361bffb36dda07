package org.cram.models.nn;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch norm kernels for contiguous NCHW float32 arrays, written as Java loops over the arrays' native buffers, one
 * channel per task, channels spread over the common fork-join pool and the calling thread.
 *
 * <p>Why not libnd4j: on this CPU backend its batch statistics ({@code mean} + {@code variance} over N,H,W) and
 * {@code batchnorm_bp} run 4-7x slower than these loops (128x16x32x32: statistics 8.4 ms against 1.4 ms, backward
 * 11.9 ms against 1.7 ms; {@link BatchNormBenchmark}, which {@code cram bench} runs, measures them side by side);
 * they were the largest share of a ResNet training step. Sums run in float over one image's plane with eight accumulators and in double across planes;
 * the variance is two-pass (centered), so no cancellation.
 */
final class FloatBatchNorm {
    private static final int LANES = 8;

    private FloatBatchNorm() {
    }

    /** True if {@code a} is a float32 4-d array in C order with default strides at offset 0 (the kernels' layout). */
    static boolean supports(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 4 && a.offset() == 0 && isRowMajorDense(a)
                && a.length() <= Integer.MAX_VALUE && a.data().length() >= a.length();
    }

    /** Row-major with no gaps; the stride of a dimension of size 1 is irrelevant (ND4J sets it either way). */
    private static boolean isRowMajorDense(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    /** Per-channel batch mean and biased variance of {@code x} (N,C,H,W) into {@code mean} and {@code var}. */
    static void statistics(INDArray x, float[] mean, float[] var) {
        Layout l = Layout.of(x);
        FloatBuffer in = x.data().asNioFloat();
        IntStream.range(0, l.channels).parallel().forEach(c -> {
            double sum = 0;
            for (int n = 0; n < l.batch; n++) {
                sum += planeSum(in, l.plane(n, c), l.planeSize, 0f);
            }
            float m = (float) (sum / l.count());
            double squares = 0;
            for (int n = 0; n < l.batch; n++) {
                squares += planeSquares(in, l.plane(n, c), l.planeSize, m);
            }
            mean[c] = m;
            var[c] = (float) (squares / l.count());
        });
    }

    /** out = (x - mean) / sqrt(var + eps) * gamma + beta, per channel. */
    static void normalize(INDArray x, float[] mean, float[] var, float[] gamma, float[] beta, double eps,
            INDArray out) {
        Layout l = Layout.of(x);
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer o = out.data().asNioFloat();
        IntStream.range(0, l.channels).parallel().forEach(c -> {
            double scale = gamma[c] / Math.sqrt(var[c] + eps);
            float a = (float) scale;
            float b = (float) (beta[c] - mean[c] * scale);
            for (int n = 0; n < l.batch; n++) {
                int at = l.plane(n, c);
                for (int i = at, end = at + l.planeSize; i < end; i++) {
                    o.put(i, in.get(i) * a + b);
                }
            }
        });
    }

    /**
     * Backward of a training forward (normalized with the batch statistics {@code mean}, {@code var}), differentiating
     * through the statistics: dx = gamma / sigma * (dy - mean(dy) - xhat * mean(dy * xhat)), dgamma = sum(dy * xhat),
     * dbeta = sum(dy). Written as dx = k1 * dy + k2 * x + k3 per channel, so the second pass reads two arrays.
     */
    static void backward(INDArray x, INDArray gradOutput, float[] mean, float[] var, float[] gamma, double eps,
            INDArray gradInput, float[] gradGamma, float[] gradBeta) {
        Layout l = Layout.of(x);
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer dy = gradOutput.data().asNioFloat();
        FloatBuffer dx = gradInput.data().asNioFloat();
        IntStream.range(0, l.channels).parallel().forEach(c -> {
            float m = mean[c];
            double sumDy = 0;
            double sumDyCentered = 0;
            for (int n = 0; n < l.batch; n++) {
                int at = l.plane(n, c);
                sumDy += planeSum(dy, at, l.planeSize, 0f);
                sumDyCentered += planeDot(dy, in, at, l.planeSize, m);
            }
            double count = l.count();
            double invStd = 1.0 / Math.sqrt(var[c] + eps);
            gradGamma[c] = (float) (sumDyCentered * invStd);
            gradBeta[c] = (float) sumDy;
            double k1 = gamma[c] * invStd;
            double k2 = -k1 * invStd * invStd * sumDyCentered / count;
            double k3 = -k1 * sumDy / count - m * k2;
            float f1 = (float) k1;
            float f2 = (float) k2;
            float f3 = (float) k3;
            for (int n = 0; n < l.batch; n++) {
                int at = l.plane(n, c);
                for (int i = at, end = at + l.planeSize; i < end; i++) {
                    dx.put(i, f1 * dy.get(i) + f2 * in.get(i) + f3);
                }
            }
        });
    }

    /** sum(b[i] - shift) over one plane, eight float accumulators. */
    private static double planeSum(FloatBuffer b, int at, int size, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            s0 += b.get(i) - shift;
            s1 += b.get(i + 1) - shift;
            s2 += b.get(i + 2) - shift;
            s3 += b.get(i + 3) - shift;
            s4 += b.get(i + 4) - shift;
            s5 += b.get(i + 5) - shift;
            s6 += b.get(i + 6) - shift;
            s7 += b.get(i + 7) - shift;
        }
        for (; i < end; i++) {
            s0 += b.get(i) - shift;
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** sum((b[i] - shift)^2) over one plane. */
    private static double planeSquares(FloatBuffer b, int at, int size, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            float d0 = b.get(i) - shift, d1 = b.get(i + 1) - shift, d2 = b.get(i + 2) - shift;
            float d3 = b.get(i + 3) - shift, d4 = b.get(i + 4) - shift, d5 = b.get(i + 5) - shift;
            float d6 = b.get(i + 6) - shift, d7 = b.get(i + 7) - shift;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        for (; i < end; i++) {
            float d = b.get(i) - shift;
            s0 += d * d;
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** sum(a[i] * (b[i] - shift)) over one plane. */
    private static double planeDot(FloatBuffer a, FloatBuffer b, int at, int size, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            s0 += a.get(i) * (b.get(i) - shift);
            s1 += a.get(i + 1) * (b.get(i + 1) - shift);
            s2 += a.get(i + 2) * (b.get(i + 2) - shift);
            s3 += a.get(i + 3) * (b.get(i + 3) - shift);
            s4 += a.get(i + 4) * (b.get(i + 4) - shift);
            s5 += a.get(i + 5) * (b.get(i + 5) - shift);
            s6 += a.get(i + 6) * (b.get(i + 6) - shift);
            s7 += a.get(i + 7) * (b.get(i + 7) - shift);
        }
        for (; i < end; i++) {
            s0 += a.get(i) * (b.get(i) - shift);
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** N, C and H*W of an NCHW array, and the start of plane (n, c). */
    private record Layout(int batch, int channels, int planeSize) {
        static Layout of(INDArray x) {
            return new Layout((int) x.size(0), (int) x.size(1), (int) (x.size(2) * x.size(3)));
        }

        int plane(int n, int c) {
            return (n * channels + c) * planeSize;
        }

        double count() {
            return (double) batch * planeSize;
        }
    }
}

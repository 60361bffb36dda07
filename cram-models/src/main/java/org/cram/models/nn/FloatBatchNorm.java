package org.cram.models.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.cram.api.platform.ParallelLoops;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch norm kernels for contiguous NCHW float32 arrays, written as Java loops ({@link FloatKernels}: SIMD through the
 * vector API, or scalar) over the arrays' native buffers, one channel per task, channels spread over the common
 * fork-join pool and the calling thread.
 *
 * <p>Why not libnd4j: on this CPU backend its batch statistics ({@code mean} + {@code variance} over N,H,W) and
 * {@code batchnorm_bp} run several times slower than these loops ({@link BatchNormBenchmark}, which {@code cram bench}
 * runs, measures them side by side); they were the largest share of a ResNet training step. Sums run in float over
 * one image's plane (one accumulator per lane) and in double across planes; the variance is two-pass (centered), so no
 * cancellation.
 */
final class FloatBatchNorm {
    private FloatBatchNorm() {
    }

    /** True if {@code a} is a float32 4-d array in C order with default strides at offset 0 (the kernels' layout). */
    static boolean supports(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 4 && a.offset() == 0 && isRowMajorDense(a)
                && a.length() <= Integer.MAX_VALUE / Float.BYTES && a.data().length() >= a.length();
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

    /** The array's native buffer as bytes in native order (positions in the kernels are in elements). */
    static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    /** Per-channel batch mean and biased variance of {@code x} (N,C,H,W) into {@code mean} and {@code var}. */
    static void statistics(INDArray x, float[] mean, float[] var) {
        FloatKernels k = FloatKernels.instance();
        Layout l = Layout.of(x);
        ByteBuffer in = bytes(x);
        ParallelLoops.tasks(l.channels, x.length()).forEach(c -> {
            double sum = 0;
            for (int n = 0; n < l.batch; n++) {
                sum += k.sum(in, l.plane(n, c), l.planeSize, 0f);
            }
            float m = (float) (sum / l.count());
            double squares = 0;
            for (int n = 0; n < l.batch; n++) {
                squares += k.sumOfSquares(in, l.plane(n, c), l.planeSize, m);
            }
            mean[c] = m;
            var[c] = (float) (squares / l.count());
        });
    }

    /** out = (x - mean) / sqrt(var + eps) * gamma + beta, per channel. */
    static void normalize(INDArray x, float[] mean, float[] var, float[] gamma, float[] beta, double eps,
            INDArray out) {
        FloatKernels k = FloatKernels.instance();
        Layout l = Layout.of(x);
        ByteBuffer in = bytes(x);
        ByteBuffer o = bytes(out);
        ParallelLoops.tasks(l.channels, x.length()).forEach(c -> {
            double scale = gamma[c] / Math.sqrt(var[c] + eps);
            float a = (float) scale;
            float b = (float) (beta[c] - mean[c] * scale);
            for (int n = 0; n < l.batch; n++) {
                k.affine(in, o, l.plane(n, c), l.planeSize, a, b);
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
        FloatKernels k = FloatKernels.instance();
        Layout l = Layout.of(x);
        ByteBuffer in = bytes(x);
        ByteBuffer dy = bytes(gradOutput);
        ByteBuffer dx = bytes(gradInput);
        ParallelLoops.tasks(l.channels, x.length()).forEach(c -> {
            float m = mean[c];
            double sumDy = 0;
            double sumDyCentered = 0;
            for (int n = 0; n < l.batch; n++) {
                int at = l.plane(n, c);
                sumDy += k.sum(dy, at, l.planeSize, 0f);
                sumDyCentered += k.dot(dy, in, at, l.planeSize, m);
            }
            double count = l.count();
            double invStd = 1.0 / Math.sqrt(var[c] + eps);
            gradGamma[c] = (float) (sumDyCentered * invStd);
            gradBeta[c] = (float) sumDy;
            double k1 = gamma[c] * invStd;
            double k2 = -k1 * invStd * invStd * sumDyCentered / count;
            double k3 = -k1 * sumDy / count - m * k2;
            for (int n = 0; n < l.batch; n++) {
                k.combine(dy, in, dx, l.plane(n, c), l.planeSize, (float) k1, (float) k2, (float) k3);
            }
        });
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

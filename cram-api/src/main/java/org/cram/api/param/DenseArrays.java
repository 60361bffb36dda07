package org.cram.api.param;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.cram.api.platform.Simd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whole-array arithmetic on parameter-sized arrays as Java loops over their native buffers, with ND4J ops as the
 * fallback for other layouts and types.
 *
 * <p>Why: a ResNet has dozens of small parameter arrays, and each ND4J op costs about 0.1 ms on this CPU backend
 * whatever its size (ResNet-20, 65 arrays: a global norm through {@code norm2Number} took 7.0 ms, {@code y.addi(x.mul(a))}
 * 6.3 ms; the same loops over the buffers take well under 1 ms). A CrAM step does several such passes. Float32
 * loops run with SIMD when {@link Simd#enabled()} ({@code VectorLoops}).
 */
public final class DenseArrays {
    private DenseArrays() {
    }

    /**
     * True if {@code a} is float32 or float64, its elements are contiguous in row-major order and it starts its
     * buffer (a view at an offset is not dense here: ND4J's NIO view of its buffer does not start at the offset).
     */
    public static boolean isDense(INDArray a) {
        DataType t = a.dataType();
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            return false;
        }
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return a.offset() == 0 && a.length() <= Math.min(a.data().length(), Integer.MAX_VALUE);
    }

    /** sum(a), accumulated in double. */
    public static double sum(INDArray a) {
        return isDense(a) ? denseSum(a, false) : a.sumNumber().doubleValue();
    }

    /** sum(a^2), accumulated in double. */
    public static double sumOfSquares(INDArray a) {
        if (!isDense(a)) {
            double n = a.norm2Number().doubleValue();
            return n * n;
        }
        return denseSum(a, true);
    }

    /**
     * sum(a) or sum(a^2) of a dense array, four double accumulators (the JIT unswitches the branch). The float and
     * double loops are written out twice on purpose: one loop over a common buffer type would box or dispatch per
     * element on this hot path.
     */
    private static double denseSum(INDArray a, boolean squares) {
        int to = (int) a.length();
        if (a.dataType() == DataType.FLOAT && simd(to)) {
            return VectorLoops.sum(bytes(a), to, squares);
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (; i + 4 <= to; i += 4) {
                double v0 = b.get(i);
                double v1 = b.get(i + 1);
                double v2 = b.get(i + 2);
                double v3 = b.get(i + 3);
                s0 += squares ? v0 * v0 : v0;
                s1 += squares ? v1 * v1 : v1;
                s2 += squares ? v2 * v2 : v2;
                s3 += squares ? v3 * v3 : v3;
            }
            for (; i < to; i++) {
                double v = b.get(i);
                s0 += squares ? v * v : v;
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (; i + 4 <= to; i += 4) {
                double v0 = b.get(i);
                double v1 = b.get(i + 1);
                double v2 = b.get(i + 2);
                double v3 = b.get(i + 3);
                s0 += squares ? v0 * v0 : v0;
                s1 += squares ? v1 * v1 : v1;
                s2 += squares ? v2 * v2 : v2;
                s3 += squares ? v3 * v3 : v3;
            }
            for (; i < to; i++) {
                double v = b.get(i);
                s0 += squares ? v * v : v;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * y += alpha * x, in y's precision (for float32: x * (float) alpha, rounded as ND4J's {@code addi(x.mul(alpha))}
     * rounds it). Shapes must match.
     */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("axpy: x has " + x.length() + " elements, y has " + y.length());
        }
        if (!isDense(x) || !isDense(y) || x.dataType() != y.dataType()) {
            y.addi(alpha == 1.0 ? x : x.mul(alpha));
            return;
        }
        int n = (int) y.length();
        if (y.dataType() == DataType.FLOAT && simd(n)) {
            VectorLoops.axpy((float) alpha, bytes(x), bytes(y), n);
        } else if (y.dataType() == DataType.FLOAT) {
            FloatBuffer xb = x.data().asNioFloat();
            FloatBuffer yb = y.data().asNioFloat();
            float a = (float) alpha;
            for (int k = 0; k < n; k++) {
                yb.put(k, yb.get(k) + xb.get(k) * a);
            }
        } else {
            DoubleBuffer xb = x.data().asNioDouble();
            DoubleBuffer yb = y.data().asNioDouble();
            for (int k = 0; k < n; k++) {
                yb.put(k, yb.get(k) + xb.get(k) * alpha);
            }
        }
    }

    /** Whether the SIMD loops run for {@code n} floats (their byte positions are ints). */
    private static boolean simd(int n) {
        return Simd.enabled() && n <= Integer.MAX_VALUE / Float.BYTES;
    }

    /** A dense array's native buffer as bytes in native order. */
    private static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }
}

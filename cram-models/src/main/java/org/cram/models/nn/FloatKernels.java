package org.cram.models.nn;

import java.nio.ByteBuffer;
import org.cram.api.platform.Simd;

/**
 * The inner loops of the float32 batch norm and ReLU kernels over native buffers (byte buffers in native order,
 * positions in elements). Two implementations: {@link VectorFloatKernels} through the JDK's vector API (SIMD; needs
 * the incubator module {@code jdk.incubator.vector}, which the launcher, the tests and the bench JVMs add) and
 * {@link ScalarFloatKernels}, plain Java; {@link Simd} decides which.
 *
 * <p>Why SIMD: the JIT does not vectorize reductions over floats or loops over buffer views, so the scalar loops run
 * at a fraction of memory speed; batch norm was the second-largest cost of a ResNet-20 step after convolution.
 */
interface FloatKernels {
    /** The implementation in use in this JVM. */
    static FloatKernels instance() {
        return Selected.INSTANCE;
    }

    /** A short name for tables and logs. */
    String name();

    /** sum(b[i] - shift) for i in [at, at + size). */
    double sum(ByteBuffer b, int at, int size, float shift);

    /** sum((b[i] - shift)^2) for i in [at, at + size). */
    double sumOfSquares(ByteBuffer b, int at, int size, float shift);

    /** sum(a[i] * (b[i] - shift)) for i in [at, at + size). */
    double dot(ByteBuffer a, ByteBuffer b, int at, int size, float shift);

    /** out[i] = x[i] * scale + shift for i in [at, at + size). */
    void affine(ByteBuffer x, ByteBuffer out, int at, int size, float scale, float shift);

    /** out[i] = f1 * y[i] + f2 * x[i] + f3 for i in [at, at + size). */
    void combine(ByteBuffer y, ByteBuffer x, ByteBuffer out, int at, int size, float f1, float f2, float f3);

    /** out[i] = a[i] + b[i], or with {@code relu} max(a[i] + b[i], 0) (NaN gives 0), for i in [at, at + size). */
    void add(ByteBuffer a, ByteBuffer b, ByteBuffer out, int at, int size, boolean relu);

    /** dx[i] = out[i] > 0 ? dy[i] : 0 (NaN counts as not positive) for i in [at, at + size). */
    void reluBackward(ByteBuffer out, ByteBuffer dy, ByteBuffer dx, int at, int size);

    /** Lazy holder: the vector class is loaded only when SIMD is enabled. */
    final class Selected {
        static final FloatKernels INSTANCE = Simd.enabled() ? new VectorFloatKernels() : new ScalarFloatKernels();

        private Selected() {
        }
    }
}

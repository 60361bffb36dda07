package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cram.api.platform.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both {@link FloatKernels} implementations against plain-Java references: sums against double-precision sums,
 * element-wise loops bit for bit against the same float expression, over lengths and offsets that leave vector tails.
 */
class FloatKernelsTest {
    private static final int N = 1237;
    private static final int[][] RANGES = {{0, 0}, {0, 1}, {3, 15}, {0, 16}, {5, 17}, {16, 64}, {7, 1000}, {0, N}};

    static Stream<FloatKernels> kernels() {
        return Stream.of(new ScalarFloatKernels(), new VectorFloatKernels());
    }

    private static ByteBuffer buffer(float[] values) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < values.length; i++) {
            b.putFloat(i * Float.BYTES, values[i]);
        }
        return b;
    }

    private static float[] randoms(long seed, float shift) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1) + shift;
        }
        return v;
    }

    @Test
    void testsRunWithTheVectorImplementation() {
        assertThat(Simd.modulePresent()).as("surefire adds jdk.incubator.vector").isTrue();
        assertThat(FloatKernels.instance()).isInstanceOf(VectorFloatKernels.class);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sumsAgreeWithDoublePrecision(FloatKernels k) {
        float[] a = randoms(1, 0.5f);
        float[] b = randoms(2, 3f);
        ByteBuffer ab = buffer(a);
        ByteBuffer bb = buffer(b);
        float shift = 3.25f;
        for (int[] r : RANGES) {
            double sum = 0;
            double squares = 0;
            double dot = 0;
            double scale = 0;
            for (int i = r[0]; i < r[0] + r[1]; i++) {
                sum += (double) b[i] - shift;
                squares += ((double) b[i] - shift) * ((double) b[i] - shift);
                dot += (double) a[i] * ((double) b[i] - shift);
                scale += Math.abs(b[i]) + 4;
            }
            double tolerance = 1e-6 * scale + 1e-12;
            assertThat(k.sum(bb, r[0], r[1], shift)).as("sum %s", k.name()).isCloseTo(sum, within(tolerance));
            assertThat(k.sumOfSquares(bb, r[0], r[1], shift)).as("squares").isCloseTo(squares, within(tolerance * 4));
            assertThat(k.dot(ab, bb, r[0], r[1], shift)).as("dot").isCloseTo(dot, within(tolerance * 4));
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void elementwiseLoopsMatchTheFloatExpressionBitForBit(FloatKernels k) {
        float[] x = randoms(3, 0f);
        float[] y = randoms(4, 0f);
        ByteBuffer xb = buffer(x);
        ByteBuffer yb = buffer(y);
        for (int[] r : RANGES) {
            ByteBuffer out = buffer(new float[N]);
            k.affine(xb, out, r[0], r[1], 1.7f, -0.3f);
            ByteBuffer combined = buffer(new float[N]);
            k.combine(yb, xb, combined, r[0], r[1], 0.9f, -1.3f, 0.05f);
            ByteBuffer sum = buffer(new float[N]);
            k.add(xb, yb, sum, r[0], r[1], false);
            ByteBuffer clamped = buffer(new float[N]);
            k.add(xb, yb, clamped, r[0], r[1], true);
            for (int i = 0; i < N; i++) {
                boolean inside = i >= r[0] && i < r[0] + r[1];
                assertThat(out.getFloat(i * 4)).as("affine[%d] %s", i, k.name())
                        .isEqualTo(inside ? x[i] * 1.7f + -0.3f : 0f);
                assertThat(combined.getFloat(i * 4)).as("combine[%d]", i)
                        .isEqualTo(inside ? 0.9f * y[i] + -1.3f * x[i] + 0.05f : 0f);
                float s = x[i] + y[i];
                assertThat(sum.getFloat(i * 4)).as("add[%d]", i).isEqualTo(inside ? s : 0f);
                assertThat(Float.floatToRawIntBits(clamped.getFloat(i * 4))).as("add+relu[%d]", i)
                        .isEqualTo(Float.floatToRawIntBits(inside && s > 0 ? s : 0f));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void reluBackwardPassesTheGradientExactlyWhereTheOutputIsPositive(FloatKernels k) {
        float[] special = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, -Float.MIN_VALUE};
        float[] out = randoms(5, 0f);
        for (int i = 0; i < N; i += 3) {
            out[i] = special[(i / 3) % special.length];
        }
        float[] dy = randoms(6, 0f);
        dy[10] = Float.NaN;
        ByteBuffer ob = buffer(out);
        ByteBuffer dyb = buffer(dy);
        for (int[] r : RANGES) {
            ByteBuffer dx = buffer(new float[N]);
            k.reluBackward(ob, dyb, dx, r[0], r[1]);
            for (int i = r[0]; i < r[0] + r[1]; i++) {
                float expected = out[i] > 0 ? dy[i] : 0f;
                assertThat(Float.floatToRawIntBits(dx.getFloat(i * 4))).as("dx[%d] for out=%s %s", i, out[i], k.name())
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }
}

package org.cram.models.nn;

import java.nio.ByteBuffer;

/** {@link FloatKernels} in plain Java: sums with eight float accumulators, element-wise loops one element at a time. */
final class ScalarFloatKernels implements FloatKernels {
    private static final int LANES = 8;

    @Override
    public String name() {
        return "scalar";
    }

    private static float at(ByteBuffer b, int i) {
        return b.getFloat(i << 2);
    }

    @Override
    public double sum(ByteBuffer b, int at, int size, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            s0 += at(b, i) - shift;
            s1 += at(b, i + 1) - shift;
            s2 += at(b, i + 2) - shift;
            s3 += at(b, i + 3) - shift;
            s4 += at(b, i + 4) - shift;
            s5 += at(b, i + 5) - shift;
            s6 += at(b, i + 6) - shift;
            s7 += at(b, i + 7) - shift;
        }
        for (; i < end; i++) {
            s0 += at(b, i) - shift;
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    @Override
    public double sumOfSquares(ByteBuffer b, int at, int size, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            float d0 = at(b, i) - shift, d1 = at(b, i + 1) - shift, d2 = at(b, i + 2) - shift;
            float d3 = at(b, i + 3) - shift, d4 = at(b, i + 4) - shift, d5 = at(b, i + 5) - shift;
            float d6 = at(b, i + 6) - shift, d7 = at(b, i + 7) - shift;
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
            float d = at(b, i) - shift;
            s0 += d * d;
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    @Override
    public double dot(ByteBuffer a, ByteBuffer b, int at, int size, float shift) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            s0 += at(a, i) * (at(b, i) - shift);
            s1 += at(a, i + 1) * (at(b, i + 1) - shift);
            s2 += at(a, i + 2) * (at(b, i + 2) - shift);
            s3 += at(a, i + 3) * (at(b, i + 3) - shift);
            s4 += at(a, i + 4) * (at(b, i + 4) - shift);
            s5 += at(a, i + 5) * (at(b, i + 5) - shift);
            s6 += at(a, i + 6) * (at(b, i + 6) - shift);
            s7 += at(a, i + 7) * (at(b, i + 7) - shift);
        }
        for (; i < end; i++) {
            s0 += at(a, i) * (at(b, i) - shift);
        }
        return (double) ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    @Override
    public void affine(ByteBuffer x, ByteBuffer out, int at, int size, float scale, float shift) {
        for (int i = at, end = at + size; i < end; i++) {
            out.putFloat(i << 2, at(x, i) * scale + shift);
        }
    }

    @Override
    public void combine(ByteBuffer y, ByteBuffer x, ByteBuffer out, int at, int size, float f1, float f2, float f3) {
        for (int i = at, end = at + size; i < end; i++) {
            out.putFloat(i << 2, f1 * at(y, i) + f2 * at(x, i) + f3);
        }
    }

    @Override
    public void add(ByteBuffer a, ByteBuffer b, ByteBuffer out, int at, int size, boolean relu) {
        for (int i = at, end = at + size; i < end; i++) {
            int sum = Float.floatToRawIntBits(at(a, i) + at(b, i));
            out.putInt(i << 2, relu ? sum & positiveMask(sum) : sum);
        }
    }

    @Override
    public void reluBackward(ByteBuffer out, ByteBuffer dy, ByteBuffer dx, int at, int size) {
        for (int i = at, end = at + size; i < end; i++) {
            // branch-free: a ReLU's signs are as good as random, and a branch per element mispredicts half the time
            dx.putInt(i << 2, dy.getInt(i << 2) & positiveMask(out.getInt(i << 2)));
        }
    }

    /**
     * All ones if the float with raw bits {@code b} is > 0 (a positive number or +infinity), else 0 (zeros of either
     * sign, negatives, NaN): {@code b - 0x7f800001} is negative exactly for b <= +infinity's bits (and for -0's bits,
     * by overflow), and {@code -b} is negative exactly for b > 0 (and for -0's bits); only the positive numbers are in
     * both.
     */
    static int positiveMask(int b) {
        return ((b - 0x7f800001) & -b) >> 31;
    }
}

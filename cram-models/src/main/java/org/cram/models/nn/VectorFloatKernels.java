package org.cram.models.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} through the vector API with the CPU's widest float species (16 lanes with AVX-512, 8 with
 * AVX2); tails shorter than a vector run the scalar loop. Sums keep one float accumulator per lane, reduced in double.
 */
final class VectorFloatKernels implements FloatKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SPECIES.vectorShape());
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private final ScalarFloatKernels tail = new ScalarFloatKernels();

    @Override
    public String name() {
        return "vector (" + LANES + " lanes)";
    }

    private static FloatVector load(ByteBuffer b, int i) {
        return FloatVector.fromByteBuffer(SPECIES, b, i << 2, ORDER);
    }

    /** The sum of the lanes, widened to double before adding (lane(i) with a variable i is not intrinsified). */
    private static double reduce(FloatVector acc) {
        DoubleVector low = (DoubleVector) acc.convertShape(VectorOperators.F2D, DOUBLES, 0);
        DoubleVector high = (DoubleVector) acc.convertShape(VectorOperators.F2D, DOUBLES, 1);
        return low.add(high).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public double sum(ByteBuffer b, int at, int size, float shift) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            acc = acc.add(load(b, i).sub(shift));
        }
        return reduce(acc) + tail.sum(b, i, end - i, shift);
    }

    @Override
    public double sumOfSquares(ByteBuffer b, int at, int size, float shift) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            FloatVector d = load(b, i).sub(shift);
            acc = d.fma(d, acc);
        }
        return reduce(acc) + tail.sumOfSquares(b, i, end - i, shift);
    }

    @Override
    public double dot(ByteBuffer a, ByteBuffer b, int at, int size, float shift) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            acc = load(a, i).fma(load(b, i).sub(shift), acc);
        }
        return reduce(acc) + tail.dot(a, b, i, end - i, shift);
    }

    @Override
    public void affine(ByteBuffer x, ByteBuffer out, int at, int size, float scale, float shift) {
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            load(x, i).mul(scale).add(shift).intoByteBuffer(out, i << 2, ORDER);
        }
        tail.affine(x, out, i, end - i, scale, shift);
    }

    @Override
    public void combine(ByteBuffer y, ByteBuffer x, ByteBuffer out, int at, int size, float f1, float f2, float f3) {
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            load(y, i).mul(f1).add(load(x, i).mul(f2)).add(f3).intoByteBuffer(out, i << 2, ORDER);
        }
        tail.combine(y, x, out, i, end - i, f1, f2, f3);
    }

    @Override
    public void add(ByteBuffer a, ByteBuffer b, ByteBuffer out, int at, int size, boolean relu) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            FloatVector sum = load(a, i).add(load(b, i));
            (relu ? zero.blend(sum, sum.compare(VectorOperators.GT, 0f)) : sum).intoByteBuffer(out, i << 2, ORDER);
        }
        tail.add(a, b, out, i, end - i, relu);
    }

    @Override
    public void reluBackward(ByteBuffer out, ByteBuffer dy, ByteBuffer dx, int at, int size) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = at;
        int end = at + size;
        for (; i + LANES <= end; i += LANES) {
            VectorMask<Float> positive = load(out, i).compare(VectorOperators.GT, 0f); // false for NaN
            zero.blend(load(dy, i), positive).intoByteBuffer(dx, i << 2, ORDER);
        }
        tail.reluBackward(out, dy, dx, i, end - i);
    }
}

package org.cram.api.param;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseArrays}' float32 loops through the JDK's vector API (loaded only when {@link
 * org.cram.api.platform.Simd#enabled()}). Sums widen every element to double before adding or squaring, as the scalar
 * loop does (only the order of the additions differs). axpy rounds as the scalar loop: a multiply, then an add.
 */
final class VectorLoops {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Doubles in a vector of the float species' size: a float vector widens into two of them. */
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SPECIES.vectorShape());
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorLoops() {
    }

    private static FloatVector load(ByteBuffer b, int i) {
        return FloatVector.fromByteBuffer(SPECIES, b, i << 2, ORDER);
    }

    /** sum(a) or sum(a^2) over the first n floats of {@code b}, each element widened to double first. */
    static double sum(ByteBuffer b, int n, boolean squares) {
        DoubleVector low = DoubleVector.zero(DOUBLES);
        DoubleVector high = DoubleVector.zero(DOUBLES);
        int i = 0;
        for (int vectorEnd = n - n % LANES; i < vectorEnd; i += LANES) {
            FloatVector v = load(b, i);
            DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1);
            low = squares ? v0.fma(v0, low) : low.add(v0);
            high = squares ? v1.fma(v1, high) : high.add(v1);
        }
        double total = low.add(high).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double v = b.getFloat(i << 2);
            total += squares ? v * v : v;
        }
        return total;
    }

    /** y += x * alpha over the first n floats. */
    static void axpy(float alpha, ByteBuffer x, ByteBuffer y, int n) {
        int i = 0;
        for (int vectorEnd = n - n % LANES; i < vectorEnd; i += LANES) {
            load(y, i).add(load(x, i).mul(alpha)).intoByteBuffer(y, i << 2, ORDER);
        }
        for (; i < n; i++) {
            y.putFloat(i << 2, y.getFloat(i << 2) + x.getFloat(i << 2) * alpha);
        }
    }
}

package org.cram.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cram.api.platform.ParallelLoops;

/**
 * The common case of applying a magnitude cut to a float32 tensor (no ties left to keep, a threshold with its sign bit
 * clear) straight on the native buffers with the JDK's vector API, in chunks over the common fork-join pool and the
 * calling thread; loaded only when {@link org.cram.api.platform.Simd#enabled()}. The same integer rule as the scalar
 * loop: keep x iff bits(|x|) > bits(t), since the bits of non-negative floats order like their values.
 *
 * <p>Why: the scalar version copies each block onto the heap and back, and ran single-threaded; on LeNet-300-100 it
 * was the largest Java cost of a CrAM step after the Top-K.
 */
final class VectorKeepAbove {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int CHUNK = 1 << 15;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);

    private VectorKeepAbove() {
    }

    /**
     * Zeroes the weights with bits(|w|) <= {@code thresholdBits} and writes the 0/1 float mask.
     *
     * @param weights the weights' bytes (native order), {@code n} floats from position 0
     * @param mask    the mask's bytes, {@code n} floats from position 0
     */
    static void apply(ByteBuffer weights, ByteBuffer mask, int n, int thresholdBits) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        ParallelLoops.tasks(chunks, n).forEach(c -> {
            int from = c * CHUNK;
            applyRange(weights, mask, from, Math.min(n, from + CHUNK), thresholdBits);
        });
    }

    private static void applyRange(ByteBuffer weights, ByteBuffer mask, int from, int to, int thresholdBits) {
        IntVector zero = IntVector.zero(SPECIES);
        IntVector one = IntVector.broadcast(SPECIES, ONE_BITS);
        int i = from;
        for (int vectorEnd = to - (to - from) % LANES; i < vectorEnd; i += LANES) {
            IntVector bits = IntVector.fromByteBuffer(SPECIES, weights, i << 2, ORDER);
            VectorMask<Integer> kept = bits.and(0x7fffffff).compare(VectorOperators.GT, thresholdBits);
            zero.blend(one, kept).intoByteBuffer(mask, i << 2, ORDER);
            zero.blend(bits, kept).intoByteBuffer(weights, i << 2, ORDER);
        }
        for (; i < to; i++) {
            int bits = weights.getInt(i << 2);
            int kept = (thresholdBits - (bits & 0x7fffffff)) >>> 31;
            mask.putInt(i << 2, kept * ONE_BITS);
            weights.putInt(i << 2, bits & -kept);
        }
    }
}

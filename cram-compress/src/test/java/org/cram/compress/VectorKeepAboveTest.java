package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.cram.api.platform.ParallelLoops;
import org.junit.jupiter.api.Test;

/** The SIMD cut against the rule written out per element: keep x iff |x| > t, bit for bit, over chunks and tails. */
class VectorKeepAboveTest {

    @Test
    void keepsExactlyTheMagnitudesAboveTheThresholdAndZeroesTheRest() {
        int n = ParallelLoops.MIN_PARALLEL_ELEMENTS + 1234; // parallel chunks and a ragged tail
        float[] w = new float[n];
        SplittableRandom r = new SplittableRandom(3);
        float t = 0.25f;
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(8);
            w[i] = switch (kind) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> t;
                case 3 -> -t;
                case 4 -> Math.nextUp(t);
                default -> (float) (r.nextGaussian() * 0.5);
            };
        }
        ByteBuffer weights = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
        ByteBuffer mask = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            weights.putFloat(i * 4, w[i]);
            mask.putFloat(i * 4, Float.NaN); // every element must be overwritten
        }
        VectorKeepAbove.apply(weights, mask, n, Float.floatToRawIntBits(t));
        for (int i = 0; i < n; i++) {
            boolean keep = Math.abs(w[i]) > t;
            assertThat(mask.getFloat(i * 4)).as("mask[%d] for %s", i, w[i]).isEqualTo(keep ? 1f : 0f);
            assertThat(Float.floatToRawIntBits(weights.getFloat(i * 4))).as("w[%d] for %s", i, w[i])
                    .isEqualTo(Float.floatToRawIntBits(keep ? w[i] : 0f));
        }
    }
}

package org.cram.compress;

/**
 * Order statistics of the magnitudes |x| of float values by a three-level radix select over the 31 magnitude bits
 * (sign dropped): 12, 10 and 9 bits, so every histogram fits in the L1 cache. The bits of a non-negative float order
 * like the float itself, so pass 1 counts the top 12 bits (8 exponent, 4 mantissa) and finds the bucket holding the
 * k-th smallest; pass 2 copies the low bits of that bucket's values into an array, where the last two levels run.
 * When the bucket holds more than {@link #MAX_CANDIDATES} values (e.g. the zeros of a pruned tensor), pass 2
 * instead counts its 19 low bits in one streamed 2 MB histogram. No copy of all values and no comparison sort;
 * exact for every input.
 *
 * <p>Why three small levels: the earlier two-level version (16 + 15 bits, a 512 KB pass-1 histogram) spent 1.1 ms
 * per step on LeNet-300-100's 266k weights, a fifth of its CrAM step; the histogram did not fit in the cache.
 */
final class FloatOrderStatistics implements MagnitudeCut.OrderStatistics {
    /** Above this many values in the pass-1 bucket, levels 2 and 3 stream the source instead of copying. */
    static final int MAX_CANDIDATES = 1 << 20;
    private static final int BITS_1 = 12;
    private static final int BITS_2 = 10;
    private static final int BITS_3 = 9;
    private static final int SHIFT_1 = BITS_2 + BITS_3; // 19: bits below the pass-1 bucket
    private static final int LOW_MASK = (1 << SHIFT_1) - 1;
    private static final int BUCKETS_1 = 1 << BITS_1;
    /** Pass-1 buckets from here on hold infinity and NaN bit patterns. */
    private static final int FIRST_NON_FINITE_BUCKET = 0x7f800000 >>> SHIFT_1;

    private final FloatBlocks source;
    private final long n;
    private int[] histogram;

    /** @param n the number of values the source delivers */
    FloatOrderStatistics(FloatBlocks source, long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " weights exceed the " + Integer.MAX_VALUE
                    + " one magnitude selection supports");
        }
        this.source = source;
        this.n = n;
    }

    @Override
    public MagnitudeCut.OrderStatistic kthSmallest(long k) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("rank " + k + " outside [0, " + n + ")");
        }
        long[] rank = {k}; // the rank still to find within the current bucket; pick() lowers it
        int[] h1 = histogram();
        int b1 = pick(h1, rank);
        if (h1[b1] > MAX_CANDIDATES) {
            // one streamed pass over a 2 MB histogram of the low 19 bits, rather than two filtered passes
            int[] low = streamHistogram(b1, SHIFT_1, 0, SHIFT_1);
            int b = pick(low, rank);
            long below = k - rank[0];
            return new MagnitudeCut.OrderStatistic(Float.intBitsToFloat(b1 << SHIFT_1 | b), n - below - low[b]);
        }
        int[] low = collect(b1, h1[b1]);
        int b2 = pick(histogram(low, 0, SHIFT_1, BITS_3, BITS_2), rank);
        int[] h3 = histogram(low, b2, BITS_3, 0, BITS_3);
        int b3 = pick(h3, rank);
        long below = k - rank[0]; // values smaller than the k-th
        float value = Float.intBitsToFloat(b1 << SHIFT_1 | b2 << BITS_3 | b3);
        long greater = n - below - h3[b3];
        return new MagnitudeCut.OrderStatistic(value, greater);
    }

    /** The bucket holding rank {@code rank[0]}; lowers {@code rank[0]} by the count of the buckets below it. */
    private static int pick(int[] h, long[] rank) {
        int b = 0;
        while (rank[0] >= h[b]) {
            rank[0] -= h[b++];
        }
        return b;
    }

    /**
     * Pass 1: counts of the top 12 magnitude bits; fails on NaN or infinity. Even and odd positions count into
     * separate halves, so runs of one value (zeros) do not serialize on a single counter.
     */
    private int[] histogram() {
        if (histogram == null) {
            int[] twin = new int[2 * BUCKETS_1];
            source.forEach((block, length) -> {
                int i = 0;
                for (; i + 1 < length; i += 2) {
                    twin[(Float.floatToRawIntBits(block[i]) & 0x7fffffff) >>> SHIFT_1]++;
                    twin[BUCKETS_1 + ((Float.floatToRawIntBits(block[i + 1]) & 0x7fffffff) >>> SHIFT_1)]++;
                }
                if (i < length) {
                    twin[(Float.floatToRawIntBits(block[i]) & 0x7fffffff) >>> SHIFT_1]++;
                }
            });
            int[] h = new int[BUCKETS_1];
            long total = 0;
            for (int b = 0; b < BUCKETS_1; b++) {
                h[b] = twin[b] + twin[BUCKETS_1 + b];
                if (b >= FIRST_NON_FINITE_BUCKET && h[b] != 0) {
                    throw new IllegalArgumentException("the weights contain " + h[b]
                            + " NaN or infinite value(s); a magnitude threshold needs finite weights");
                }
                total += h[b];
            }
            if (total != n) {
                throw new IllegalStateException("source delivered " + total + " values, expected " + n);
            }
            histogram = h;
        }
        return histogram;
    }

    /** Pass 2: the low 19 magnitude bits of the {@code count} values in pass-1 bucket {@code bucket}. */
    private int[] collect(int bucket, int count) {
        int[] low = new int[count];
        int[] at = {0};
        source.forEach((block, length) -> {
            int j = at[0];
            for (int i = 0; i < length; i++) {
                int bits = Float.floatToRawIntBits(block[i]) & 0x7fffffff;
                if (bits >>> SHIFT_1 == bucket) {
                    low[j++] = bits & LOW_MASK;
                }
            }
            at[0] = j;
        });
        return low;
    }

    /** Counts of {@code (v >>> shift) & (2^bits - 1)} over the values v with {@code v >>> prefixShift == prefix}. */
    private static int[] histogram(int[] values, int prefix, int prefixShift, int shift, int bits) {
        int[] h = new int[1 << bits];
        int mask = (1 << bits) - 1;
        for (int v : values) {
            if (v >>> prefixShift == prefix) {
                h[(v >>> shift) & mask]++;
            }
        }
        return h;
    }

    /**
     * {@link #histogram(int[], int, int, int, int)} over the source's magnitude bits, streamed; even and odd
     * positions count into separate arrays, as in pass 1 (this path serves buckets full of zeros).
     */
    private int[] streamHistogram(int prefix, int prefixShift, int shift, int bits) {
        int[] even = new int[1 << bits];
        int[] odd = new int[1 << bits];
        int mask = (1 << bits) - 1;
        source.forEach((block, length) -> {
            int i = 0;
            for (; i + 1 < length; i += 2) {
                int v = Float.floatToRawIntBits(block[i]) & 0x7fffffff;
                int w = Float.floatToRawIntBits(block[i + 1]) & 0x7fffffff;
                if (v >>> prefixShift == prefix) {
                    even[(v >>> shift) & mask]++;
                }
                if (w >>> prefixShift == prefix) {
                    odd[(w >>> shift) & mask]++;
                }
            }
            if (i < length) {
                int v = Float.floatToRawIntBits(block[i]) & 0x7fffffff;
                if (v >>> prefixShift == prefix) {
                    even[(v >>> shift) & mask]++;
                }
            }
        });
        for (int b = 0; b < even.length; b++) {
            even[b] += odd[b];
        }
        return even;
    }
}

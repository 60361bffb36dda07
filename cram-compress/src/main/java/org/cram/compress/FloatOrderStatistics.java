package org.cram.compress;

/**
 * Order statistics of the magnitudes |x| of float values by a two-level radix select: two streaming passes, two
 * histograms (64K and 32K counters), no copy of the values and no comparison sort. The bits of a non-negative
 * float order like the float itself, so pass 1 counts the top 16 of the 31 magnitude bits (sign dropped: 8
 * exponent and 8 mantissa bits) and finds the bucket holding the k-th smallest; pass 2 counts the low 15 bits of
 * the values in that bucket, which pins down the exact float. The cost does not depend on the data: ties and runs
 * of zeros (an already pruned tensor) cost the same as distinct values.
 */
final class FloatOrderStatistics implements MagnitudeCut.OrderStatistics {
    private static final int LOW_BITS = 15;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;
    private static final int BUCKETS = 1 << (31 - LOW_BITS);
    /** Buckets from here on hold infinity and NaN bit patterns. */
    private static final int FIRST_NON_FINITE_BUCKET = 0x7f800000 >>> LOW_BITS;

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
        int[] h = histogram();
        int bucket = 0;
        long below = 0;
        while (below + h[bucket] <= k) {
            below += h[bucket++];
        }
        int[] low = lowHistogram(bucket);
        int sub = 0;
        long belowInBucket = 0;
        while (belowInBucket + low[sub] <= k - below) {
            belowInBucket += low[sub++];
        }
        float value = Float.intBitsToFloat(bucket << LOW_BITS | sub);
        long greater = (n - below - h[bucket]) + (h[bucket] - belowInBucket - low[sub]);
        return new MagnitudeCut.OrderStatistic(value, greater);
    }

    /**
     * Pass 1: counts of the top 16 magnitude bits; fails on NaN or infinity. Even and odd positions count into
     * separate halves, so runs of one value (zeros) do not serialize on a single counter.
     */
    private int[] histogram() {
        if (histogram == null) {
            int[] twin = new int[2 * BUCKETS];
            source.forEach((block, length) -> {
                int i = 0;
                for (; i + 1 < length; i += 2) {
                    twin[(Float.floatToRawIntBits(block[i]) & 0x7fffffff) >>> LOW_BITS]++;
                    twin[BUCKETS + ((Float.floatToRawIntBits(block[i + 1]) & 0x7fffffff) >>> LOW_BITS)]++;
                }
                if (i < length) {
                    twin[(Float.floatToRawIntBits(block[i]) & 0x7fffffff) >>> LOW_BITS]++;
                }
            });
            int[] h = new int[BUCKETS];
            for (int b = 0; b < BUCKETS; b++) {
                h[b] = twin[b] + twin[BUCKETS + b];
            }
            long total = 0;
            for (int b = 0; b < BUCKETS; b++) {
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

    /** Pass 2: counts of the low 15 magnitude bits among the values in {@code bucket}. */
    private int[] lowHistogram(int bucket) {
        int[] low = new int[1 << LOW_BITS];
        source.forEach((block, length) -> {
            for (int i = 0; i < length; i++) {
                int bits = Float.floatToRawIntBits(block[i]) & 0x7fffffff;
                if (bits >>> LOW_BITS == bucket) {
                    low[bits & LOW_MASK]++;
                }
            }
        });
        return low;
    }
}

package org.cram.experiments.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded, reproducible index permutations and subsets. */
public final class IndexSampling {
    private IndexSampling() {
    }

    /** The indices {@code 0..n-1} in order. */
    public static int[] identity(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates) drawn from {@code rng}. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            swap(order, i, rng.nextInt(i + 1));
        }
        return order;
    }

    /**
     * {@code k} distinct indices drawn uniformly from {@code [0, n)}, returned in ascending order; the same
     * {@code (n, k, seed)} always gives the same subset. Used e.g. for the fixed calibration set on which batch-norm
     * statistics are re-estimated after compression.
     */
    public static int[] randomSubset(int n, int k, long seed) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot draw " + k + " distinct indices from " + n);
        }
        int[] pool = identity(n);
        // Partial Fisher-Yates: after step i, pool[0..i] is a uniform sample without replacement.
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            swap(pool, i, i + rng.nextInt(n - i));
        }
        int[] subset = Arrays.copyOf(pool, k);
        Arrays.sort(subset);
        return subset;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

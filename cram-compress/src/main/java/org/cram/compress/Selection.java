package org.cram.compress;

import java.util.Arrays;

/** Order statistics in expected O(n): introselect (quickselect with a sort fallback on bad pivots). */
public final class Selection {
    private Selection() {
    }

    /**
     * The k-th smallest value (0-based) of {@code values}, which is reordered in place.
     *
     * @throws IllegalArgumentException if k is outside [0, values.length)
     */
    public static double kthSmallest(double[] values, int k) {
        if (k < 0 || k >= values.length) {
            throw new IllegalArgumentException("rank " + k + " outside [0, " + values.length + ")");
        }
        int lo = 0;
        int hi = values.length - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(values.length)) + 8;
        while (lo < hi) {
            if (budget-- == 0) { // adversarial input: finish with a sort, O(n log n) worst case
                Arrays.sort(values, lo, hi + 1);
                return values[k];
            }
            int p = partition(values, lo, hi, medianOfThree(values, lo, lo + (hi - lo) / 2, hi));
            if (k == p) {
                return values[k];
            } else if (k < p) {
                hi = p - 1;
            } else {
                lo = p + 1;
            }
        }
        return values[k];
    }

    private static int medianOfThree(double[] a, int i, int j, int k) {
        if (a[i] < a[j]) {
            return a[j] < a[k] ? j : (a[i] < a[k] ? k : i);
        }
        return a[i] < a[k] ? i : (a[j] < a[k] ? k : j);
    }

    /** Lomuto partition around a[pivotIndex]; returns the pivot's final position. */
    private static int partition(double[] a, int lo, int hi, int pivotIndex) {
        double pivot = a[pivotIndex];
        swap(a, pivotIndex, hi);
        int store = lo;
        for (int i = lo; i < hi; i++) {
            if (a[i] < pivot) {
                swap(a, i, store++);
            }
        }
        swap(a, store, hi);
        return store;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

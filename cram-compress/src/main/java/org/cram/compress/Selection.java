package org.cram.compress;

import java.util.Arrays;

/**
 * Order statistics in expected O(n): introselect, i.e. quickselect with three-way partitioning (so runs of equal
 * values, such as the zeros of an already pruned tensor, cost one pass) and a sort fallback after too many bad
 * pivots. Values must not be NaN.
 */
public final class Selection {
    private Selection() {
    }

    /**
     * The k-th smallest value (0-based) of {@code values}, which is reordered in place.
     *
     * @throws IllegalArgumentException if k is outside [0, values.length)
     */
    public static double kthSmallest(double[] a, int k) {
        checkRank(k, a.length);
        int lo = 0;
        int hi = a.length - 1;
        int budget = budget(a.length);
        while (lo < hi) {
            if (budget-- == 0) { // adversarial input: finish with a sort, O(n log n) worst case
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            double pivot = medianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            // Dijkstra's three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                double v = a[i];
                if (v < pivot) {
                    a[i++] = a[lt];
                    a[lt++] = v;
                } else if (v > pivot) {
                    a[i] = a[gt];
                    a[gt--] = v;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[k];
    }

    private static void checkRank(int k, int n) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("rank " + k + " outside [0, " + n + ")");
        }
    }

    private static int budget(int n) {
        return 2 * (32 - Integer.numberOfLeadingZeros(n)) + 8;
    }

    private static double medianOfThree(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}

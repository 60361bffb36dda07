package org.cram.compress;

/**
 * Order statistics of magnitudes held in one double array (the path for non-FLOAT weights): introselect on the
 * array, which it reorders, then one counting pass.
 */
final class DoubleOrderStatistics implements MagnitudeCut.OrderStatistics {
    private final double[] magnitudes;

    /** @param magnitudes finite absolute values; reordered by each query */
    DoubleOrderStatistics(double[] magnitudes) {
        this.magnitudes = magnitudes;
    }

    @Override
    public MagnitudeCut.OrderStatistic kthSmallest(long k) {
        if (k < 0 || k >= magnitudes.length) {
            throw new IllegalArgumentException("rank " + k + " outside [0, " + magnitudes.length + ")");
        }
        double value = Selection.kthSmallest(magnitudes, (int) k);
        long greater = 0;
        for (double m : magnitudes) {
            greater += m > value ? 1 : 0;
        }
        return new MagnitudeCut.OrderStatistic(value, greater);
    }
}

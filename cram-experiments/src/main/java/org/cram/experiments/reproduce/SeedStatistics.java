package org.cram.experiments.reproduce;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation (n - 1) of one score over seeds.
 *
 * @param n    the number of seeds
 * @param mean the mean
 * @param std  the sample standard deviation; NaN for a single seed
 */
public record SeedStatistics(int n, double mean, double std) {

    /** The statistics of {@code values} (at least one, none NaN). */
    public static SeedStatistics of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarize");
        }
        double sum = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a score is NaN among " + values);
            }
            sum += v;
        }
        double mean = sum / values.size();
        if (values.size() == 1) {
            return new SeedStatistics(1, mean, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new SeedStatistics(values.size(), mean, Math.sqrt(squares / (values.size() - 1)));
    }

    /** "87.12 ± 0.35" for scores given as fractions, in percent; "87.12" for one seed. */
    public String percent() {
        return n == 1 ? String.format(Locale.ROOT, "%.2f", 100 * mean)
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }
}

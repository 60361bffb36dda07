package org.cram.experiments.data;

import java.util.Arrays;

/**
 * A validation split carved from a training set: {@code size} examples held out for tuning hyper-parameters, the
 * rest left as the training pool. The split is drawn with the fixed seed {@link #SEED}, not the experiment's seed,
 * so runs with different seeds hold out the same examples and a tuning run never sees them in training.
 *
 * @param validation held-out indices, ascending
 * @param training   the remaining indices, ascending
 */
public record ValidationSplit(int[] validation, int[] training) {
    /** The seed of every validation split. */
    public static final long SEED = 0x5EED_5A11L;

    /**
     * Holds out {@code size} of {@code n} examples.
     *
     * @throws IllegalArgumentException naming both numbers when {@code size} is not in {@code [1, n)}
     */
    public static ValidationSplit of(int n, int size) {
        if (size < 1 || size >= n) {
            throw new IllegalArgumentException("data.validation_size must be between 1 and the training set size - 1 ("
                    + (n - 1) + "), got " + size);
        }
        int[] held = IndexSampling.randomSubset(n, size, SEED);
        int[] rest = new int[n - size];
        int h = 0;
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (h < held.length && held[h] == i) {
                h++;
            } else {
                rest[r++] = i;
            }
        }
        return new ValidationSplit(held, rest);
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public int[] training() {
        return training.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationSplit v && Arrays.equals(validation, v.validation)
                && Arrays.equals(training, v.training);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(validation) + Arrays.hashCode(training);
    }

    @Override
    public String toString() {
        return "ValidationSplit[" + validation.length + " held out of " + (validation.length + training.length) + "]";
    }
}

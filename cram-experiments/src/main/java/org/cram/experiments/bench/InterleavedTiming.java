package org.cram.experiments.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times several kinds of step in turn (one of each per round) and reports the median of each. On a shared machine
 * whose speed drifts over minutes, timing one kind after the other lets a slow stretch land on one of them and
 * distorts their ratio; in turn, a slow stretch slows all of them alike.
 */
final class InterleavedTiming {
    private InterleavedTiming() {
    }

    /**
     * Runs rounds of {@code steps}, in order, until every step has run at least {@code reps} times and for at least
     * {@code minSeconds} in total; {@code betweenSteps} runs after each step, outside the timing.
     *
     * @param clock monotonic nanoseconds ({@code System::nanoTime})
     * @return the median duration of each step, in milliseconds, in the order of {@code steps}
     */
    static double[] medianMillis(List<Runnable> steps, int reps, double minSeconds, Runnable betweenSteps,
                                 LongSupplier clock) {
        if (steps.isEmpty() || reps < 1 || !(minSeconds >= 0)) {
            throw new IllegalArgumentException("need at least one step, reps >= 1 and minSeconds >= 0; got "
                    + steps.size() + " steps, reps " + reps + ", minSeconds " + minSeconds);
        }
        int n = steps.size();
        double[][] millis = new double[n][reps];
        double[] totalSeconds = new double[n];
        int rounds = 0;
        while (rounds < reps || Arrays.stream(totalSeconds).min().orElseThrow() < minSeconds) {
            if (rounds == millis[0].length) {
                for (int s = 0; s < n; s++) {
                    millis[s] = Arrays.copyOf(millis[s], 2 * rounds);
                }
            }
            for (int s = 0; s < n; s++) {
                long start = clock.getAsLong();
                steps.get(s).run();
                long nanos = clock.getAsLong() - start;
                millis[s][rounds] = nanos / 1e6;
                totalSeconds[s] += nanos / 1e9;
                betweenSteps.run();
            }
            rounds++;
        }
        double[] medians = new double[n];
        for (int s = 0; s < n; s++) {
            medians[s] = median(millis[s], rounds);
        }
        return medians;
    }

    /** The upper median of the first {@code count} values. */
    static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }
}

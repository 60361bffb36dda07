package org.cram.experiments.tracking;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter: the n-th delay (from 0) is {@code min(max, initial * 2^n)} scaled by a random
 * factor in [0.5, 1), and never below {@code initial}; so with 1 s and 60 s the delays grow 1, 1-2, 2-4, ... and
 * stay between 30 and 60 s once capped. The jitter spreads the retries of many clients after a server restart.
 * Not thread-safe (callers hold their own lock).
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int attempt;

    /** @param random uniform values in [0, 1) */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = Objects.requireNonNull(random, "random");
    }

    Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The next delay; each call doubles the base until it reaches the cap. */
    Duration next() {
        long base = initialNanos;
        for (int i = 0; i < attempt && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        base = Math.min(base, maxNanos);
        attempt++;
        long jittered = (long) (base * (0.5 + 0.5 * random.getAsDouble()));
        return Duration.ofNanos(Math.max(initialNanos, Math.min(maxNanos, jittered)));
    }

    /** Starts again from the initial delay. */
    void reset() {
        attempt = 0;
    }
}

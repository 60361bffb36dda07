package org.cram.experiments.tracking;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Whether a tracker's server is reachable, as seen by its last requests: an outage starts with a failure that may
 * pass (no answer, 5xx, 429) and ends with the next answered request. While it lasts, attempts are spaced by a
 * {@link Backoff}; {@link #downFor} measures it against the tracker's fallback deadline. Thread-safe.
 */
final class ServerOutage {

    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private boolean down;
    private long downSinceNanos;
    private long nextAttemptNanos;
    private String lastProblem = "";

    ServerOutage(Backoff backoff, LongSupplier nanoTime) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    synchronized boolean isDown() {
        return down;
    }

    /** True when there is no outage, or its back-off delay has passed. */
    synchronized boolean mayAttempt() {
        return !down || nanoTime.getAsLong() - nextAttemptNanos >= 0;
    }

    /** Nanoseconds until the next attempt is due (0 if due or no outage). */
    synchronized long nanosUntilNextAttempt() {
        return down ? Math.max(0, nextAttemptNanos - nanoTime.getAsLong()) : 0;
    }

    /**
     * Notes a transient failure and schedules the next attempt.
     *
     * @return true if this failure started an outage
     */
    synchronized boolean recordFailure(MlflowServerException failure) {
        long now = nanoTime.getAsLong();
        boolean started = !down;
        if (started) {
            down = true;
            downSinceNanos = now;
            backoff.reset();
        }
        lastProblem = failure.getMessage();
        nextAttemptNanos = now + backoff.next().toNanos();
        return started;
    }

    /**
     * Notes an answered request.
     *
     * @return how long the outage that this ends lasted, or {@code null} if there was none
     */
    synchronized Duration recordSuccess() {
        if (!down) {
            return null;
        }
        down = false;
        backoff.reset();
        return Duration.ofNanos(nanoTime.getAsLong() - downSinceNanos);
    }

    /** How long the current outage has lasted ({@link Duration#ZERO} if none). */
    synchronized Duration downFor() {
        return down ? Duration.ofNanos(nanoTime.getAsLong() - downSinceNanos) : Duration.ZERO;
    }

    /** The message of the last failure (empty before any). */
    synchronized String lastProblem() {
        return lastProblem;
    }
}

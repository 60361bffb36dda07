package org.cram.experiments.tracking;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The background thread of a {@link RestTracker} that delivers what its runs queued: every flush interval (a
 * "periodic" pass that also sends partial metric batches, so the MLflow UI stays live), when {@link #wake woken}
 * (a full metric batch or a queued write is waiting), and when a retry after a failure is due.
 */
final class SenderLoop implements AutoCloseable {

    /** What the loop drives. */
    interface Pump {
        /** One delivery pass over all runs; must not throw. */
        void pump(boolean periodic);

        /** Nanoseconds until a retry is due, or {@link Long#MAX_VALUE} if none is waiting. */
        long nanosUntilRetry();
    }

    private static final System.Logger LOG = System.getLogger(SenderLoop.class.getName());

    private final Pump pump;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private boolean woken;
    private boolean closed;

    SenderLoop(String threadName, Duration interval, Pump pump) {
        this.pump = Objects.requireNonNull(pump, "pump");
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a pass now (cheap; several wakes before the pass make one). */
    void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread, waiting at most a few seconds for a pass in progress. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long nextPeriodic = System.nanoTime() + intervalNanos;
        while (true) {
            boolean periodic;
            lock.lock();
            try {
                while (!closed && !woken) {
                    long untilPeriodic = nextPeriodic - System.nanoTime();
                    long wait = Math.min(untilPeriodic, pump.nanosUntilRetry());
                    if (wait <= 0) {
                        break;
                    }
                    changed.awaitNanos(wait);
                }
                if (closed) {
                    return;
                }
                woken = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            periodic = System.nanoTime() - nextPeriodic >= 0;
            if (periodic) {
                nextPeriodic = System.nanoTime() + intervalNanos;
            }
            try {
                pump.pump(periodic);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "MLflow background delivery failed", e);
            }
        }
    }
}

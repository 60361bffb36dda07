package org.cram.experiments.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeriodicCollectionTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void collectsOncePerIntervalCountedFromTheLastCollection() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        AtomicInteger runs = new AtomicInteger();
        PeriodicCollection c = new PeriodicCollection(10, now::get, runs::incrementAndGet);

        now.addAndGet(9 * SECOND);
        c.maybeCollect();
        assertThat(runs).hasValue(0);

        now.addAndGet(SECOND); // 10 s after construction
        c.maybeCollect();
        c.maybeCollect(); // same instant: not again
        assertThat(runs).hasValue(1);

        now.addAndGet(9 * SECOND);
        c.maybeCollect();
        assertThat(runs).hasValue(1);
        now.addAndGet(SECOND);
        c.maybeCollect();
        assertThat(runs).hasValue(2);
        assertThat(c.collections()).isEqualTo(2);
    }

    @Test
    void theIntervalRestartsAfterASlowCollection() {
        AtomicLong now = new AtomicLong();
        PeriodicCollection c = new PeriodicCollection(1, now::get, () -> now.addAndGet(3 * SECOND / 2));
        now.set(SECOND);
        c.maybeCollect(); // runs, and the clock reads 2.5 s when it ends
        now.set(3 * SECOND); // 0.5 s after that end
        c.maybeCollect();
        assertThat(c.collections()).isEqualTo(1);
    }

    @Test
    void rejectsIntervalsThatAreNotPositiveAndFinite() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new PeriodicCollection(bad, System::nanoTime, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive number of seconds").hasMessageContaining(String.valueOf(bad));
        }
    }
}

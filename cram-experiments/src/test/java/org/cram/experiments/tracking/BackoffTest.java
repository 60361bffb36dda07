package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCapWithJitterBetweenHalfAndAll() {
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999_999);
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seconds.add(Math.round(highest.next().toMillis() / 1000.0));
        }
        assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L);

        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            millis.add(lowest.next().toMillis());
        }
        assertThat(millis).as("never below the initial delay")
                .containsExactly(1000L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L);
    }

    @Test
    void resetStartsAgainAndDelaysStayWithinBounds() {
        AtomicLong seed = new AtomicLong(42);
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2),
                () -> (seed.updateAndGet(x -> x * 6364136223846793005L + 1442695040888963407L) >>> 11) * 0x1.0p-53);
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
        }
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outageStartsOnceEndsOnAnswerAndSpacesAttempts() {
        AtomicLong now = new AtomicLong(0);
        ServerOutage outage = new ServerOutage(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), () -> 0.99),
                now::get);
        MlflowServerException refused = new MlflowServerException("refused", 0, "", null, true);
        assertThat(outage.mayAttempt()).isTrue();
        assertThat(outage.recordFailure(refused)).as("starts the outage").isTrue();
        assertThat(outage.mayAttempt()).isFalse();
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(outage.mayAttempt()).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(outage.mayAttempt()).isTrue();
        assertThat(outage.recordFailure(refused)).as("already in it").isFalse();
        assertThat(outage.nanosUntilNextAttempt()).isBetween(Duration.ofMillis(1900).toNanos(),
                Duration.ofSeconds(2).toNanos());
        assertThat(outage.downFor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(outage.lastProblem()).isEqualTo("refused");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(outage.recordSuccess()).isEqualTo(Duration.ofSeconds(3));
        assertThat(outage.isDown()).isFalse();
        assertThat(outage.recordSuccess()).as("no outage to end").isNull();
    }
}

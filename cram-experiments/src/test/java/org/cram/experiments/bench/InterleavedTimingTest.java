package org.cram.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InterleavedTimingTest {
    private static final long MS = 1_000_000;

    @Test
    void stepsRunInTurnUntilEachHasItsRepsAndSecondsAndTheMediansAreEach() {
        AtomicLong now = new AtomicLong(); // a fake clock: each step advances it by its own duration
        List<String> order = new ArrayList<>();
        int[] between = {0};
        double[] medians = InterleavedTiming.medianMillis(List.of(
                        () -> { order.add("a"); now.addAndGet(order.size() % 4 == 1 ? 9 * MS : 2 * MS); },
                        () -> { order.add("b"); now.addAndGet(5 * MS); }),
                3, 0.1, () -> between[0]++, now::get);
        // a: 2 ms steps with a 9 ms one every other round, reaches 0.1 s after 19 rounds, b (5 ms) after 20
        assertThat(order).hasSize(40);
        for (int i = 0; i < order.size(); i++) {
            assertThat(order.get(i)).isEqualTo(i % 2 == 0 ? "a" : "b");
        }
        assertThat(between[0]).isEqualTo(40);
        assertThat(medians[0]).isEqualTo(9.0); // 10 of 20 rounds at 9 ms: the upper median of {2 x 10, 9 x 10}
        assertThat(medians[1]).isEqualTo(5.0);
    }

    @Test
    void repsWinWhenTheyTakeLongerThanTheMinimumTime() {
        AtomicLong now = new AtomicLong();
        int[] calls = {0};
        double[] medians = InterleavedTiming.medianMillis(List.of(() -> { calls[0]++; now.addAndGet(MS); }), 7, 0.001,
                () -> { }, now::get);
        assertThat(calls[0]).isEqualTo(7);
        assertThat(medians).containsExactly(1.0);
    }

    @Test
    void badArgumentsNameWhatWasExpected() {
        assertThatThrownBy(() -> InterleavedTiming.medianMillis(List.of(), 3, 1, () -> { }, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 steps");
        assertThatThrownBy(() -> InterleavedTiming.medianMillis(List.of(() -> { }), 0, 1, () -> { },
                System::nanoTime)).hasMessageContaining("reps 0");
    }
}

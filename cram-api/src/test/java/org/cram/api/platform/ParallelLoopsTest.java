package org.cram.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelLoopsTest {
    @Test
    void onlyLargeArraysRunInParallelAndEveryTaskRunsOnce() {
        assertThat(ParallelLoops.tasks(8, ParallelLoops.MIN_PARALLEL_ELEMENTS - 1).isParallel()).isFalse();
        assertThat(ParallelLoops.tasks(8, ParallelLoops.MIN_PARALLEL_ELEMENTS).isParallel()).isTrue();
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        ParallelLoops.tasks(100, Long.MAX_VALUE).forEach(runs::incrementAndGet);
        for (int t = 0; t < 100; t++) {
            assertThat(runs.get(t)).as("task %d", t).isEqualTo(1);
        }
    }
}

package org.cram.api.platform;

import java.util.stream.IntStream;

/**
 * The one place that decides whether a Java loop over an array's elements runs on the common fork-join pool as well
 * as the calling thread: only for arrays of at least {@value #MIN_PARALLEL_ELEMENTS} elements.
 *
 * <p>Why a threshold: a SIMD pass over a smaller array takes tens of microseconds, less than waking the pool's
 * worker; and on a 2-core machine that worker competes with libnd4j's OpenMP threads, which keep spinning for a
 * while after every native op. With LeNet-300-100's small arrays split into parallel chunks, the median CrAM+ step
 * of six identical benchmark processes ranged from 4.4 to 7.1 ms.
 */
public final class ParallelLoops {
    /** Arrays from this many elements up are split over the pool (a 128x64x8x8 activation is exactly this). */
    public static final int MIN_PARALLEL_ELEMENTS = 1 << 19;

    private ParallelLoops() {
    }

    /** The task indices {@code [0, tasks)} for a loop over {@code elements} elements, parallel when that many. */
    public static IntStream tasks(int tasks, long elements) {
        IntStream range = IntStream.range(0, tasks);
        return elements >= MIN_PARALLEL_ELEMENTS ? range.parallel() : range;
    }
}

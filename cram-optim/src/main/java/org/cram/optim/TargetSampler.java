package org.cram.optim;

import java.util.List;
import org.cram.api.compress.CompressionTarget;

/**
 * Draws one compression target per step uniformly from a list (CrAM-Multi's sparsities, CrAM N:M's {2:4, 4:8}),
 * with an explicit 64-bit state (SplitMix64) so a checkpoint can store it and a resumed run draws the same sequence.
 */
public final class TargetSampler {
    private final List<CompressionTarget> choices;
    private long state;

    public TargetSampler(List<CompressionTarget> choices, long seed) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("the list of compression targets must not be empty");
        }
        this.choices = List.copyOf(choices);
        this.state = seed;
    }

    /** The next target; a single-element list always returns that element and draws nothing. */
    public CompressionTarget next() {
        if (choices.size() == 1) {
            return choices.get(0);
        }
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return choices.get((int) Long.remainderUnsigned(z, choices.size()));
    }

    /** The generator state (for checkpoints). */
    public long state() {
        return state;
    }

    /** Restores a state returned by {@link #state}. */
    public void setState(long state) {
        this.state = state;
    }
}

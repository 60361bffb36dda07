package org.cram.optim;

import java.util.List;

/**
 * Draws one target sparsity per step uniformly from a list (CrAM-Multi), with an explicit 64-bit state
 * (SplitMix64) so a checkpoint can store it and a resumed run draws the same sequence.
 */
public final class SparsitySampler {
    private final double[] choices;
    private long state;

    public SparsitySampler(List<Double> choices, long seed) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("sparsity list must not be empty");
        }
        this.choices = choices.stream().mapToDouble(Double::doubleValue).toArray();
        this.state = seed;
    }

    /** The next sparsity; a single-element list always returns that element (and draws nothing). */
    public double next() {
        if (choices.length == 1) {
            return choices[0];
        }
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return choices[(int) Long.remainderUnsigned(z, choices.length)];
    }

    /** The generator state (for checkpoints). */
    public long state() {
        return state;
    }
}

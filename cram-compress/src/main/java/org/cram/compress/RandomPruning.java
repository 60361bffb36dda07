package org.cram.compress;

import java.util.SplittableRandom;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The random-pruning baseline: keeps a uniformly random subset of all prunable weights together, of exactly the
 * size the {@link KeepRule} gives for distinct magnitudes ({@code ceil(n * (1 - p)) - 1} by default, or
 * {@code n - ceil(n * p)}). The subset is drawn by selection sampling (Knuth's Algorithm S, one pass, no extra
 * memory) from a {@link SplittableRandom} seeded afresh with the configured seed on every call, so the same seed
 * and the same parameter shapes always select the same positions, and compressing twice is a no-op.
 */
public final class RandomPruning extends SparsityCompressor {
    public static final String NAME = "random";

    private final long seed;
    private final KeepRule rule;

    public RandomPruning(long seed, KeepRule rule) {
        this.seed = seed;
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String name() {
        return NAME;
    }

    public long seed() {
        return seed;
    }

    @Override
    void prune(ParameterSet parameters, double sparsity, MaskArrays masks) {
        int[] prunable = parameters.prunableIndices();
        long remaining = parameters.prunableNumel();
        long needed = rule.keepCount(remaining, sparsity);
        SplittableRandom random = new SplittableRandom(seed);
        for (int index : prunable) {
            INDArray value = parameters.get(index).value();
            double[] w = WeightIO.toDoubles(value);
            double[] keep = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                if (needed > 0 && random.nextLong(remaining) < needed) {
                    keep[i] = 1.0;
                    needed--;
                } else {
                    w[i] = 0.0;
                }
                remaining--;
            }
            WeightIO.setDoubles(value, w);
            masks.put(index, WeightIO.maskOf(value, keep));
        }
    }
}

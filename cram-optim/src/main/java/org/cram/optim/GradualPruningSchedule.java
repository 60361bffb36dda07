package org.cram.optim;

/**
 * The cubic sparsity schedule of gradual magnitude pruning (Zhu and Gupta 2017, "To prune, or not to prune"):
 * <pre>
 * s_t = s_f + (s_i - s_f) * (1 - (t - t0) / (t1 - t0))^3    for t0 &lt;= t &lt;= t1
 * </pre>
 * evaluated only at the pruning steps {@code t0, t0 + k, t0 + 2k, ...} up to {@code t1}, and at {@code t1} itself
 * (so {@code s_f} is reached at {@code t1} even when {@code t1 - t0} is not a multiple of {@code k}). Between two
 * pruning steps the sparsity stays at the value of the latest one.
 *
 * <p>A step {@code t} here is a count of <em>completed</em> optimizer steps ({@link
 * org.cram.api.optim.Optimizer#stepCount()}): {@code sparsityAt(t)} is the sparsity of the weights after t steps.
 * Before {@code t0} nothing is pruned (0, not {@code s_i}: {@code s_i} is what the first pruning step prunes to);
 * from {@code t1} on it is {@code s_f}.
 *
 * @param finalSparsity   s_f, in [0, 1)
 * @param initialSparsity s_i, in [0, s_f] (Zhu and Gupta use 0)
 * @param startStep       t0, the first pruning step, >= 0
 * @param endStep         t1, the last pruning step, > t0
 * @param pruneEvery      k, steps between pruning steps, >= 1
 */
public record GradualPruningSchedule(double finalSparsity, double initialSparsity, long startStep, long endStep,
                                     long pruneEvery) {

    public GradualPruningSchedule {
        Checks.inRange("optimizer.final_sparsity", finalSparsity, 0, 1, false);
        if (!(initialSparsity >= 0 && initialSparsity <= finalSparsity)) {
            throw new IllegalArgumentException("optimizer.initial_sparsity must be in [0, final_sparsity = "
                    + finalSparsity + "], got " + initialSparsity);
        }
        if (startStep < 0) {
            throw new IllegalArgumentException("optimizer.start_step must be >= 0, got " + startStep);
        }
        if (endStep <= startStep) {
            throw new IllegalArgumentException("optimizer.end_step must be > start_step = " + startStep + ", got "
                    + endStep);
        }
        if (pruneEvery < 1) {
            throw new IllegalArgumentException("optimizer.prune_every must be >= 1 step, got " + pruneEvery);
        }
    }

    /** Zhu and Gupta's usual form: from no sparsity at {@code startStep} to {@code finalSparsity} at {@code endStep}. */
    public static GradualPruningSchedule of(double finalSparsity, long startStep, long endStep, long pruneEvery) {
        return new GradualPruningSchedule(finalSparsity, 0.0, startStep, endStep, pruneEvery);
    }

    /** Whether the mask is recomputed once {@code step} steps have completed. */
    public boolean isPruningStep(long step) {
        return step >= startStep && step <= endStep && ((step - startStep) % pruneEvery == 0 || step == endStep);
    }

    /** The target sparsity after {@code step} completed steps (piecewise constant between pruning steps). */
    public double sparsityAt(long step) {
        if (step < startStep) {
            return 0.0;
        }
        if (step >= endStep) {
            return finalSparsity;
        }
        long latest = startStep + (step - startStep) / pruneEvery * pruneEvery;
        if (latest == startStep) {
            return initialSparsity; // exactly, not s_f + (s_i - s_f) with its rounding
        }
        double remaining = 1.0 - (double) (latest - startStep) / (endStep - startStep);
        return finalSparsity + (initialSparsity - finalSparsity) * remaining * remaining * remaining;
    }
}

package org.cram.optim;

import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.objective.Objective;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;

/**
 * Gradual magnitude pruning around a base optimizer. Each step:
 * <ol>
 *   <li>the base optimizer steps (its gradient and momentum may move pruned weights off zero);</li>
 *   <li>the current mask is re-applied, so pruned weights are exactly zero again (as {@link MaskedOptimizer});</li>
 *   <li>if the new step count n is a {@linkplain GradualPruningSchedule#isPruningStep pruning step}, the mask is
 *       recomputed by the compressor at {@code sparsityAt(n)} over the weights of step 2, which also zeroes the
 *       newly pruned ones.</li>
 * </ol>
 * Pruning therefore happens <em>after</em> the step count increments: after n completed steps the weights have
 * exactly the schedule's {@code sparsityAt(n)}, and a run of T steps ends at {@code sparsityAt(T)}. Because the
 * old mask is applied before the new one is computed, pruned weights rank lowest and stay pruned: the masks are
 * nested. A schedule that prunes at step 0 (start 0, initial sparsity &gt; 0) prunes on construction. The mask is
 * part of the saved state.
 */
public final class GradualPruningOptimizer extends MaskWrappingOptimizer {
    /** Prefix of this optimizer's state kind, before the base optimizer's kind. */
    static final String KIND_PREFIX = "gradual/";
    private static final String MASK_PREFIX = "gradual_mask.";

    private final ParameterSet parameters;
    private final Compressor compressor;
    private final GradualPruningSchedule schedule;
    private Mask mask = Mask.none();

    GradualPruningOptimizer(GradualPruningSpec spec, ParameterSet parameters) {
        super(spec.base().create(parameters), KIND_PREFIX, MASK_PREFIX, "a gradual pruning optimizer");
        this.parameters = parameters;
        this.compressor = spec.compressor();
        this.schedule = spec.schedule();
        if (schedule.isPruningStep(0) && schedule.sparsityAt(0) > 0) {
            prune(0);
        }
    }

    /** The current mask (empty before the first pruning step). */
    public Mask mask() {
        return mask;
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        StepDiagnostics d = inner.step(objective);
        long n = inner.stepCount();
        mask.applyTo(parameters);
        CompressionTarget target = schedule.isPruningStep(n) ? prune(n) : null;
        return new StepDiagnostics(d.cleanLoss(), d.compressedLoss(), schedule.sparsityAt(n), mask.sparsity(),
                d.cleanGradNorm(), d.compressedGradNorm(), d.learningRate(), target);
    }

    private CompressionTarget prune(long step) {
        CompressionTarget target = CompressionTarget.sparsity(schedule.sparsityAt(step));
        mask = compressor.compress(parameters, target);
        return target;
    }

    @Override
    Mask currentMask() {
        return mask;
    }

    @Override
    void restoreMask(Mask loaded) {
        mask = loaded;
    }
}

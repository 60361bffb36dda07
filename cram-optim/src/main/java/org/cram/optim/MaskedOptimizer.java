package org.cram.optim;

import org.cram.api.compress.Mask;
import org.cram.api.objective.Objective;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;

/**
 * Sparse fine-tuning: any optimizer whose masked weights are kept at zero by re-applying a fixed mask after every
 * step (the reference's {@code apply_masks} after {@code optimizer.step()}). The mask is part of the saved state.
 */
public final class MaskedOptimizer extends MaskWrappingOptimizer {
    private final ParameterSet parameters;
    private Mask mask;

    /** Wraps {@code inner} and applies {@code mask} to the parameters at once and after every step. */
    public MaskedOptimizer(Optimizer inner, ParameterSet parameters, Mask mask) {
        super(inner, "masked/", "fixed_mask.", "a masked optimizer");
        this.parameters = parameters;
        this.mask = mask;
        mask.applyTo(parameters);
    }

    /** The fixed mask. */
    public Mask mask() {
        return mask;
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        StepDiagnostics d = inner.step(objective);
        mask.applyTo(parameters);
        return new StepDiagnostics(d.cleanLoss(), d.compressedLoss(), d.targetSparsity(), mask.sparsity(),
                d.cleanGradNorm(), d.compressedGradNorm(), d.learningRate(), d.target());
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

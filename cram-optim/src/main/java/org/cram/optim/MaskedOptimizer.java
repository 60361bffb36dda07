package org.cram.optim;

import java.util.Map;
import org.cram.api.compress.Mask;
import org.cram.api.objective.Objective;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerState;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sparse fine-tuning: any optimizer whose masked weights are kept at zero by re-applying a fixed mask after every
 * step (the reference's {@code apply_masks} after {@code optimizer.step()}). The mask is part of the saved state.
 */
public final class MaskedOptimizer implements Optimizer {
    private final Optimizer inner;
    private final ParameterSet parameters;
    private Mask mask;

    /** Wraps {@code inner} and applies {@code mask} to the parameters at once and after every step. */
    public MaskedOptimizer(Optimizer inner, ParameterSet parameters, Mask mask) {
        this.inner = inner;
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
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public void setLearningRate(double learningRate) {
        inner.setLearningRate(learningRate);
    }

    @Override
    public long stepCount() {
        return inner.stepCount();
    }

    @Override
    public OptimizerState saveState() {
        OptimizerState innerState = inner.saveState();
        OptimizerState.Builder b = OptimizerState.builder("masked/" + innerState.kind());
        innerState.numbers().forEach(b::number);
        innerState.arrayNames().forEach(n -> b.array(n, innerState.array(n)));
        mask.entries().forEach((i, m) -> b.array("fixed_mask." + i, m));
        return b.build();
    }

    @Override
    public void loadState(OptimizerState state) {
        if (!state.kind().startsWith("masked/")) {
            throw new IllegalArgumentException("cannot load optimizer state of kind '" + state.kind()
                    + "' into a masked optimizer");
        }
        OptimizerState.Builder b = OptimizerState.builder(state.kind().substring("masked/".length()));
        state.numbers().forEach(b::number);
        Map<Integer, INDArray> masks = new java.util.TreeMap<>();
        for (String n : state.arrayNames()) {
            if (n.startsWith("fixed_mask.")) {
                masks.put(Integer.parseInt(n.substring("fixed_mask.".length())), state.array(n));
            } else {
                b.array(n, state.array(n));
            }
        }
        inner.loadState(b.build());
        mask = new Mask(masks);
    }
}

package org.cram.optim;

import java.util.Map;
import java.util.TreeMap;
import org.cram.api.compress.Mask;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer that wraps another and keeps a mask on the parameters ({@link MaskedOptimizer},
 * {@link GradualPruningOptimizer}): learning rate and step count are the inner optimizer's, and the saved state is
 * the inner state plus the mask, under a kind prefix so that states of other optimizers are refused.
 */
abstract class MaskWrappingOptimizer implements Optimizer {
    protected final Optimizer inner;
    private final String kindPrefix;
    private final String maskPrefix;
    private final String description;

    /**
     * @param kindPrefix  prefix of the saved state's kind, before the inner optimizer's kind ("masked/")
     * @param maskPrefix  prefix of the saved mask arrays' names ("fixed_mask.")
     * @param description how errors name this optimizer ("a masked optimizer")
     */
    MaskWrappingOptimizer(Optimizer inner, String kindPrefix, String maskPrefix, String description) {
        this.inner = inner;
        this.kindPrefix = kindPrefix;
        this.maskPrefix = maskPrefix;
        this.description = description;
    }

    /** The mask the saved state carries. */
    abstract Mask currentMask();

    /** Takes the mask of a loaded state. */
    abstract void restoreMask(Mask mask);

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
        OptimizerState.Builder b = OptimizerState.builder(kindPrefix + innerState.kind());
        innerState.numbers().forEach(b::number);
        innerState.arrayNames().forEach(n -> b.array(n, innerState.array(n)));
        currentMask().entries().forEach((i, m) -> b.array(maskPrefix + i, m));
        return b.build();
    }

    @Override
    public void loadState(OptimizerState state) {
        if (!state.kind().startsWith(kindPrefix)) {
            throw new IllegalArgumentException("cannot load optimizer state of kind '" + state.kind() + "' into "
                    + description + " (expected kind '" + kindPrefix + "...')");
        }
        OptimizerState.Builder b = OptimizerState.builder(state.kind().substring(kindPrefix.length()));
        state.numbers().forEach(b::number);
        Map<Integer, INDArray> masks = new TreeMap<>();
        for (String n : state.arrayNames()) {
            if (n.startsWith(maskPrefix)) {
                masks.put(Integer.parseInt(n.substring(maskPrefix.length())), state.array(n));
            } else {
                b.array(n, state.array(n));
            }
        }
        inner.loadState(b.build());
        restoreMask(new Mask(masks));
    }
}

package org.cram.optim;

import java.util.Map;
import java.util.TreeMap;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.objective.Objective;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerState;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

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
public final class GradualPruningOptimizer implements Optimizer {
    /** Prefix of this optimizer's state kind, before the base optimizer's kind. */
    static final String KIND_PREFIX = "gradual/";
    private static final String MASK_PREFIX = "gradual_mask.";

    private final Optimizer inner;
    private final ParameterSet parameters;
    private final Compressor compressor;
    private final GradualPruningSchedule schedule;
    private Mask mask = Mask.none();

    GradualPruningOptimizer(GradualPruningSpec spec, ParameterSet parameters) {
        this.inner = spec.base().create(parameters);
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
        OptimizerState.Builder b = OptimizerState.builder(KIND_PREFIX + innerState.kind());
        innerState.numbers().forEach(b::number);
        innerState.arrayNames().forEach(n -> b.array(n, innerState.array(n)));
        mask.entries().forEach((i, m) -> b.array(MASK_PREFIX + i, m));
        return b.build();
    }

    @Override
    public void loadState(OptimizerState state) {
        if (!state.kind().startsWith(KIND_PREFIX)) {
            throw new IllegalArgumentException("cannot load optimizer state of kind '" + state.kind()
                    + "' into a gradual pruning optimizer (expected kind '" + KIND_PREFIX + "...')");
        }
        OptimizerState.Builder b = OptimizerState.builder(state.kind().substring(KIND_PREFIX.length()));
        state.numbers().forEach(b::number);
        Map<Integer, INDArray> masks = new TreeMap<>();
        for (String n : state.arrayNames()) {
            if (n.startsWith(MASK_PREFIX)) {
                masks.put(Integer.parseInt(n.substring(MASK_PREFIX.length())), state.array(n));
            } else {
                b.array(n, state.array(n));
            }
        }
        inner.loadState(b.build());
        mask = new Mask(masks);
    }
}

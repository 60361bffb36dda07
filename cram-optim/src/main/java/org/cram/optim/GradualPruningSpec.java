package org.cram.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.param.ParameterSet;

/**
 * Gradual magnitude pruning (GMP, Zhu and Gupta 2017): a single-pass base optimizer whose prunable weights are
 * pruned by {@code compressor} to the sparsity of {@code schedule} at each pruning step and kept at zero in
 * between. See {@link GradualPruningOptimizer} for the order of operations within a step.
 *
 * @param base       the optimizer that trains the weights (SGD, Adam, AdamW)
 * @param compressor the pruning operator, e.g. global magnitude; must take sparsity targets
 * @param schedule   when and how far to prune
 */
public record GradualPruningSpec(BaseOptimizerSpec base, Compressor compressor, GradualPruningSchedule schedule)
        implements OptimizerSpec {

    public static final String NAME = "gmp";

    public GradualPruningSpec {
        Objects.requireNonNull(base, "base optimizer");
        Objects.requireNonNull(compressor, "compressor");
        Objects.requireNonNull(schedule, "schedule");
        CompressionTarget target = CompressionTarget.sparsity(schedule.finalSparsity());
        if (!compressor.supports(target)) {
            throw new IllegalArgumentException("compressor '" + compressor.name() + "' does not support "
                    + target.label() + "; gradual pruning needs a sparsity compressor");
        }
    }

    /** The base optimizer's initial learning rate. */
    public double learningRate() {
        return base.learningRate();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", base.name());
        base.describe().forEach((k, v) -> m.put("base." + k, v));
        m.put("compressor", compressor.name());
        m.put("final_sparsity", schedule.finalSparsity());
        m.put("initial_sparsity", schedule.initialSparsity());
        m.put("start_step", schedule.startStep());
        m.put("end_step", schedule.endStep());
        m.put("prune_every", schedule.pruneEvery());
        return m;
    }

    @Override
    public Optimizer create(ParameterSet parameters) {
        return new GradualPruningOptimizer(this, parameters);
    }
}

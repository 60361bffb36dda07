package org.cram.experiments.run;

import jakarta.inject.Inject;
import java.util.Map;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.optim.OptimizerSpec;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.OptimizerConfig;
import org.cram.optim.AdamSpec;
import org.cram.optim.Ascent;
import org.cram.optim.BaseOptimizerSpec;
import org.cram.optim.CramSpec;
import org.cram.optim.GradualPruningSchedule;
import org.cram.optim.GradualPruningSpec;
import org.cram.optim.SgdSpec;

/** Turns an optimizer arm of a config into an optimizer spec, resolving compressors by name. */
public final class OptimizerFactory {
    private final Map<String, CompressorProvider> compressors;

    @Inject
    public OptimizerFactory(Map<String, CompressorProvider> compressors) {
        this.compressors = compressors;
    }

    /**
     * Stands in for the run's length when {@link #validate} builds a gmp spec before the data is loaded: long enough
     * that any window with {@code end_fraction > start_fraction} holds a step, so it never fails a valid config.
     */
    static final long VALIDATION_STEPS = 1L << 40;

    /**
     * The spec of an arm that does not depend on the run's length (every type but gmp; fine-tuning and transfer
     * optimizers are single-pass).
     *
     * @throws IllegalStateException for a gmp arm, whose schedule needs {@link #create(OptimizerConfig, long, long)}
     * @throws ConfigException       naming the arm when the combination is invalid (e.g. a compressor that does not
     *                               support the targets)
     */
    public OptimizerSpec create(OptimizerConfig c, long seed) {
        if (c.gradualPruning()) {
            throw new IllegalStateException("optimizer '" + c.label() + "' is gmp, whose pruning schedule needs the "
                    + "total number of training steps: use create(config, seed, totalSteps)");
        }
        return build(c, seed, 0);
    }

    /**
     * The spec of an arm trained for {@code totalSteps} optimizer steps; a gmp arm's pruning window is
     * [{@code start_fraction}, {@code end_fraction}] of them (rounded down).
     *
     * @throws ConfigException naming the arm when the combination is invalid, e.g. a gmp window that holds no step
     */
    public OptimizerSpec create(OptimizerConfig c, long seed, long totalSteps) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        }
        return build(c, seed, totalSteps);
    }

    /**
     * Fails as {@link #create(OptimizerConfig, long, long)} would for a valid run length, without knowing it: a gmp
     * arm is built for {@link #VALIDATION_STEPS} steps (its window is checked again against the real length when
     * training starts).
     *
     * @throws ConfigException naming the arm when the combination is invalid
     */
    public void validate(OptimizerConfig c, long seed) {
        build(c, seed, VALIDATION_STEPS);
    }

    private OptimizerSpec build(OptimizerConfig c, long seed, long totalSteps) {
        try {
            BaseOptimizerSpec base = switch (c.base()) {
                case "sgd" -> new SgdSpec(c.lr(), c.momentum(), c.dampening(), c.nesterov(), c.weightDecay());
                default -> new AdamSpec(c.lr(), c.beta1(), c.beta2(), c.eps(), c.weightDecay(),
                        c.base().equals("adamw"));
            };
            return switch (c.type()) {
                case "sgd", "adam", "adamw" -> base;
                case "sam" -> CramSpec.sam(base, c.rho());
                case "asam" -> CramSpec.asam(base, c.rho());
                case OptimizerConfig.GMP -> gradualPruning(c, base, totalSteps);
                default -> new CramSpec(base, c.rho(), c.targets(), c.type().equals("cram-plus"),
                        c.sparseGradient(), c.normalizeAscent() ? Ascent.NORMALIZED : Ascent.PLAIN,
                        provider(c.compressor()).create(CompressorOptions.of(c.compressorOptions())),
                        c.maskRefreshPeriod(), seed);
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException("config error in optimizer '" + c.label() + "': " + e.getMessage());
        }
    }

    private GradualPruningSpec gradualPruning(OptimizerConfig c, BaseOptimizerSpec base, long totalSteps) {
        long start = c.startStep(totalSteps);
        long end = c.endStep(totalSteps);
        if (end <= start) {
            throw new IllegalArgumentException("gmp's pruning window [start_fraction " + c.startFraction()
                    + ", end_fraction " + c.endFraction() + "] of " + totalSteps + " training steps holds no step "
                    + "(start step " + start + ", end step " + end + "); train longer or widen the window");
        }
        Compressor compressor = provider(c.compressor()).create(CompressorOptions.of(c.compressorOptions()));
        return new GradualPruningSpec(base, compressor,
                GradualPruningSchedule.of(c.finalSparsity(), start, end, c.pruneEvery()));
    }

    private CompressorProvider provider(String name) {
        CompressorProvider p = compressors.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown compressor '" + name + "'; available: "
                    + new java.util.TreeSet<>(compressors.keySet()));
        }
        return p;
    }
}

package org.cram.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.param.ParameterSet;

/**
 * The two-pass family of the reference code ({@code TopkCrAM extends SAM}), wrapping any base optimizer.
 * Each step does:
 * <ol>
 *   <li>ascend to {@code theta + e} (see {@link Ascent});</li>
 *   <li>compress with C at a target drawn per step from {@code targets};</li>
 *   <li>take the gradient g1 there, with batch-norm statistics frozen;</li>
 *   <li>restore theta;</li>
 *   <li>hand the base optimizer {@code M*g1} ({@code sparseGradient}) or g1 (dense straight-through), plus the
 *       clean gradient g0 for CrAM+.</li>
 * </ol>
 * With {@code maskRefreshPeriod = k > 1}, the mask of each target is recomputed only every k-th time that target
 * is drawn and reused in between (the reference's TopkCrAMPeriod, a compute saver). A quantizing compressor
 * returns no mask, so its gradient is straight-through. SAM and ASAM are the members with no compressor, a
 * normalized or adaptive ascent and no clean gradient.
 *
 * @param base              the base optimizer that applies the final gradient
 * @param rho               ascent radius, >= 0 (reference default {@link #DEFAULT_RHO}; 0 reduces SAM to its base)
 * @param targets           what C compresses to, one drawn uniformly per step (one target: CrAM-k; several: -Multi)
 * @param plus              CrAM+: add the clean gradient g0
 * @param sparseGradient    multiply g1 by the compression mask (the released configs do)
 * @param ascent            plain (CrAM's default), normalized (SAM) or adaptive (ASAM)
 * @param compressor        C, or {@code null} for SAM/ASAM
 * @param maskRefreshPeriod recompute a target's mask every this many uses (1: every step, the reference default)
 * @param seed              seeds the target sampler
 */
public record CramSpec(BaseOptimizerSpec base, double rho, List<CompressionTarget> targets, boolean plus,
                       boolean sparseGradient, Ascent ascent, Compressor compressor, int maskRefreshPeriod,
                       long seed) implements OptimizerSpec {

    /** The reference's constructor default and CLI default for rho. */
    public static final double DEFAULT_RHO = 0.05;
    /** Added to the norm in a normalized or adaptive ascent, as the reference. */
    static final double NORM_EPSILON = 1e-12;

    public CramSpec {
        Objects.requireNonNull(base, "base optimizer");
        Objects.requireNonNull(ascent, "ascent");
        Checks.nonNegative("optimizer.rho", rho);
        targets = List.copyOf(targets);
        if (maskRefreshPeriod < 1) {
            throw new IllegalArgumentException("optimizer.mask_refresh_period must be >= 1, got " + maskRefreshPeriod);
        }
        if (compressor != null) {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("optimizer.sparsities (or targets) must list at least one target");
            }
            for (CompressionTarget t : targets) {
                if (!compressor.supports(t)) {
                    throw new IllegalArgumentException("compressor '" + compressor.name() + "' does not support "
                            + t.label());
                }
            }
        } else if (!targets.isEmpty() || plus || sparseGradient) {
            throw new IllegalArgumentException("targets, plus and sparse_gradient need a compressor");
        }
    }

    /** CrAM+ with one fixed sparsity, plain ascent and sparse gradient, as the released configs. */
    public static CramSpec cramPlus(BaseOptimizerSpec base, double rho, double sparsity, Compressor compressor,
                                    long seed) {
        return cramPlusMulti(base, rho, List.of(sparsity), compressor, seed);
    }

    /** CrAM+-Multi: one sparsity drawn per step from {@code sparsities}. */
    public static CramSpec cramPlusMulti(BaseOptimizerSpec base, double rho, List<Double> sparsities,
                                         Compressor compressor, long seed) {
        return new CramSpec(base, rho, sparsityTargets(sparsities), true, true, Ascent.PLAIN, compressor, 1, seed);
    }

    /** SAM (Foret et al.): normalized ascent, no compression, gradient at the perturbed point only. */
    public static CramSpec sam(BaseOptimizerSpec base, double rho) {
        return new CramSpec(base, rho, List.of(), false, false, Ascent.NORMALIZED, null, 1, 0);
    }

    /** Adaptive SAM (Kwon et al. 2021) as davda54/sam implements it. */
    public static CramSpec asam(BaseOptimizerSpec base, double rho) {
        return new CramSpec(base, rho, List.of(), false, false, Ascent.ADAPTIVE, null, 1, 0);
    }

    /** Sparsity fractions as targets; each must be in [0, 1). */
    public static List<CompressionTarget> sparsityTargets(List<Double> sparsities) {
        return sparsities.stream().map(s -> (CompressionTarget) CompressionTarget.sparsity(s)).toList();
    }

    /** The base optimizer's initial learning rate. */
    public double learningRate() {
        return base.learningRate();
    }

    @Override
    public String name() {
        if (compressor == null) {
            return ascent == Ascent.ADAPTIVE ? "asam" : "sam";
        }
        return (plus ? "cram+" : "cram") + (targets.size() > 1 ? "-multi" : "");
    }

    /** The optimizer kind recorded in saved state, e.g. {@code "cram+-multi/sgd"}. */
    String kind() {
        return name() + "/" + base.name();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", base.name());
        base.describe().forEach((k, v) -> m.put("base." + k, v));
        m.put("rho", rho);
        m.put("ascent", ascent.name().toLowerCase(java.util.Locale.ROOT));
        if (compressor != null) {
            m.put("compressor", compressor.name());
            m.put("targets", targets.stream().map(CompressionTarget::label).toList().toString());
            m.put("plus", plus);
            m.put("sparse_gradient", sparseGradient);
            m.put("mask_refresh_period", maskRefreshPeriod);
            m.put("seed", seed);
        }
        return m;
    }

    @Override
    public Optimizer create(ParameterSet parameters) {
        return new CramOptimizer(this, parameters);
    }
}

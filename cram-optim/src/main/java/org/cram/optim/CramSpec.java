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
 * The two-pass family of the reference code ({@code TopkCrAM extends SAM}): ascend {@code theta + e} with
 * {@code e = rho*g0} (or {@code rho*g0/(||g0||+1e-12)} when {@code normalizeAscent}), compress with C at a
 * sparsity drawn per step from {@code sparsities}, take the gradient g1 there with batch-norm statistics frozen,
 * restore theta, and hand the base optimizer {@code M*g1} ({@code sparseGradient}) or g1, plus g0 for CrAM+.
 *
 * <p>SAM is the member with normalized ascent, no compressor and no clean gradient added.
 *
 * @param base            the base optimizer that applies the final gradient
 * @param rho             ascent radius, >= 0 (reference default 0.05; 0 reduces SAM to its base)
 * @param sparsities      targets to draw from each step (one value: CrAM-k; several: CrAM-Multi); each in [0, 1)
 * @param plus            CrAM+: add the clean gradient g0
 * @param sparseGradient  multiply g1 by the compression mask (the released configs do)
 * @param normalizeAscent divide the ascent by the gradient norm (SAM; CrAM's default is false)
 * @param compressor      C, or {@code null} for SAM
 * @param seed            seeds the sparsity sampler
 */
public record CramSpec(BaseOptimizerSpec base, double rho, List<Double> sparsities, boolean plus,
                       boolean sparseGradient, boolean normalizeAscent, Compressor compressor, long seed)
        implements OptimizerSpec {

    /** The reference's constructor default and CLI default for rho. */
    public static final double DEFAULT_RHO = 0.05;
    /** Added to the gradient norm in a normalized ascent, as the reference. */
    static final double NORM_EPSILON = 1e-12;

    public CramSpec {
        Objects.requireNonNull(base, "base optimizer");
        Checks.nonNegative("optimizer.rho", rho);
        sparsities = List.copyOf(sparsities);
        if (compressor != null) {
            if (sparsities.isEmpty()) {
                throw new IllegalArgumentException("optimizer.sparsities must list at least one sparsity");
            }
            for (double s : sparsities) {
                CompressionTarget t = CompressionTarget.sparsity(s); // validates [0, 1)
                if (!compressor.supports(t)) {
                    throw new IllegalArgumentException("compressor '" + compressor.name()
                            + "' does not support " + t.label());
                }
            }
        }
    }

    /** CrAM+ with one fixed sparsity, unnormalized ascent and sparse gradient, as the released configs. */
    public static CramSpec cramPlus(BaseOptimizerSpec base, double rho, double sparsity, Compressor compressor,
                                    long seed) {
        return new CramSpec(base, rho, List.of(sparsity), true, true, false, compressor, seed);
    }

    /** SAM (Foret et al.): normalized ascent, no compression, gradient at the perturbed point only. */
    public static CramSpec sam(BaseOptimizerSpec base, double rho) {
        return new CramSpec(base, rho, List.of(), false, false, true, null, 0);
    }

    @Override
    public String name() {
        if (compressor == null) {
            return "sam";
        }
        return (plus ? "cram+" : "cram") + (sparsities.size() > 1 ? "-multi" : "");
    }

    /** The base optimizer's initial learning rate. */
    public double learningRate() {
        return base.learningRate();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        base.describe().forEach((k, v) -> m.put("base." + k, v));
        m.put("base", base.name());
        m.put("rho", rho);
        m.put("normalize_ascent", normalizeAscent);
        if (compressor != null) {
            m.put("compressor", compressor.name());
            m.put("sparsities", sparsities.toString());
            m.put("plus", plus);
            m.put("sparse_gradient", sparseGradient);
            m.put("seed", seed);
        }
        return m;
    }

    @Override
    public Optimizer create(ParameterSet parameters) {
        return new CramOptimizer(this, parameters);
    }
}

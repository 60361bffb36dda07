package org.cram.compress;

import java.util.Map;
import java.util.Objects;
import org.cram.api.param.ParameterSet;

/**
 * Magnitude pruning with one threshold per layer: each layer is pruned on its own to the sparsity its
 * {@link LayerSparsities distribution} assigns, with the keep rule of {@link KeepRule} applied per layer
 * (the reference's {@code one_shot_uniform_prune}: {@code ceil(numel * (1 - s))}, strict {@code >}).
 */
public final class LayerwiseMagnitudePruning extends SparsityCompressor {
    private final String name;
    private final LayerSparsities distribution;
    private final KeepRule rule;

    LayerwiseMagnitudePruning(String name, LayerSparsities distribution, KeepRule rule) {
        this.name = Objects.requireNonNull(name, "name");
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String name() {
        return name;
    }

    /** The per-layer sparsities this compressor would apply to {@code parameters} for {@code target}. */
    public Map<Integer, Double> layerSparsities(ParameterSet parameters, double target) {
        return distribution.of(parameters, target);
    }

    @Override
    void prune(ParameterSet parameters, double sparsity, MaskArrays masks) {
        distribution.of(parameters, sparsity).forEach((index, s) ->
                MagnitudePruner.prune(parameters, new int[] {index}, s, rule, masks));
    }
}

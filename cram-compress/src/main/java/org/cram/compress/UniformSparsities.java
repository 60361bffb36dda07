package org.cram.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.param.ParameterSet;

/** The same sparsity, the target, for every prunable parameter that is not {@link LayerExclusion excluded}. */
final class UniformSparsities implements LayerSparsities {
    private final String compressor;
    private final LayerExclusion exclusion;

    UniformSparsities(String compressor, LayerExclusion exclusion) {
        this.compressor = compressor;
        this.exclusion = exclusion;
    }

    @Override
    public Map<Integer, Double> of(ParameterSet parameters, double target) {
        exclusion.checkPatternsMatch(compressor, parameters);
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int i : parameters.prunableIndices()) {
            if (!exclusion.excludes(parameters.get(i))) {
                out.put(i, target);
            }
        }
        return out;
    }
}

package org.cram.compress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.cram.api.param.ParameterSet;

/**
 * User-given sparsities by exact parameter name. Listed layers always get their listed sparsity. Unlisted
 * prunable layers get the default: a fixed number, or the compression target itself; without a default every
 * prunable layer must be listed. Names that are not prunable parameters are errors.
 */
final class MappedSparsities implements LayerSparsities {
    private final String compressor;
    private final Map<String, Double> sparsities;
    private final OptionalDouble fixedDefault;
    private final boolean defaultIsTarget;

    MappedSparsities(String compressor, Map<String, Double> sparsities, OptionalDouble fixedDefault,
                     boolean defaultIsTarget) {
        this.compressor = compressor;
        this.sparsities = Map.copyOf(sparsities);
        this.fixedDefault = fixedDefault;
        this.defaultIsTarget = defaultIsTarget;
    }

    @Override
    public Map<Integer, Double> of(ParameterSet parameters, double target) {
        List<String> prunable = new ArrayList<>();
        for (int i : parameters.prunableIndices()) {
            prunable.add(parameters.get(i).name());
        }
        List<String> unknown = sparsities.keySet().stream().filter(n -> !prunable.contains(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("compressor '" + compressor + "': option 'sparsities' names "
                    + unknown + ", which are not prunable parameters; prunable: " + prunable);
        }
        Map<Integer, Double> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (int i : parameters.prunableIndices()) {
            String name = parameters.get(i).name();
            Double s = sparsities.get(name);
            if (s == null && defaultIsTarget) {
                s = target;
            } else if (s == null && fixedDefault.isPresent()) {
                s = fixedDefault.getAsDouble();
            }
            if (s == null) {
                missing.add(name);
            } else {
                out.put(i, s);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("compressor '" + compressor + "': option 'sparsities' has no entry "
                    + "for prunable parameter(s) " + missing + "; list them or set option 'default' to a "
                    + "sparsity or to 'target'");
        }
        return out;
    }
}

package org.cram.compress;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers per-layer magnitude pruning with user-given layer sparsities ({@link MappedSparsities}) as
 * {@value #NAME}. Options: {@code sparsities} (required map from exact prunable parameter names to sparsities in
 * [0, 1)), {@code default} (sparsity for unlisted prunable layers: a number in [0, 1), or {@code target} for the
 * compression target; when absent every prunable layer must be listed), {@code exact_count} ({@link KeepRule}).
 * The compression target only matters through {@code default: target}: listed layers always get their own value.
 */
public final class LayerMapMagnitudeProvider implements CompressorProvider {
    public static final String NAME = "layer-map-magnitude";
    static final String SPARSITIES = "sparsities";
    static final String DEFAULT = "default";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "per-layer magnitude pruning with a user-given sparsity per layer; options sparsities, default, "
                + "exact_count";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        OptionReader o = new OptionReader(NAME, options, Set.of(SPARSITIES, DEFAULT, KeepRule.OPTION));
        if (!o.has(SPARSITIES)) {
            throw new IllegalArgumentException("compressor '" + NAME + "': option '" + SPARSITIES
                    + "' is required (a map from parameter names to sparsities in [0, 1))");
        }
        Map<String, Double> map = o.getNumberMap(SPARSITIES, 0.0, 1.0);
        Object d = o.getRaw(DEFAULT);
        boolean defaultIsTarget = "target".equals(d);
        OptionalDouble fixed = d == null || defaultIsTarget ? OptionalDouble.empty()
                : OptionalDouble.of(checkDefault(o, d));
        return new LayerwiseMagnitudePruning(NAME, new MappedSparsities(NAME, map, fixed, defaultIsTarget),
                KeepRule.from(o));
    }

    private static double checkDefault(OptionReader o, Object d) {
        if (d instanceof Number n && n.doubleValue() >= 0.0 && n.doubleValue() < 1.0) {
            return n.doubleValue();
        }
        throw o.bad(DEFAULT, d, "a number in [0, 1) or 'target'");
    }
}

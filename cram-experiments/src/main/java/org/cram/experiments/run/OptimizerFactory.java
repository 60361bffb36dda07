package org.cram.experiments.run;

import jakarta.inject.Inject;
import java.util.Map;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.optim.OptimizerSpec;
import org.cram.experiments.config.OptimizerConfig;
import org.cram.optim.CramSpec;
import org.cram.optim.SgdSpec;

/** Turns an optimizer arm of a config into an optimizer spec, resolving compressors by name. */
public final class OptimizerFactory {
    private final Map<String, CompressorProvider> compressors;

    @Inject
    public OptimizerFactory(Map<String, CompressorProvider> compressors) {
        this.compressors = compressors;
    }

    public OptimizerSpec create(OptimizerConfig c, long seed) {
        SgdSpec base = new SgdSpec(c.lr(), c.momentum(), c.dampening(), c.nesterov(), c.weightDecay());
        return switch (c.type()) {
            case "sgd" -> base;
            case "sam" -> CramSpec.sam(base, c.rho());
            case "cram", "cram-plus" -> new CramSpec(base, c.rho(), c.sparsities(), c.type().equals("cram-plus"),
                    c.sparseGradient(), c.normalizeAscent(),
                    compressors.get(c.compressor()).create(CompressorOptions.empty()), seed);
            default -> throw new IllegalArgumentException("unknown optimizer type '" + c.type() + "'; allowed: "
                    + OptimizerConfig.TYPES);
        };
    }
}

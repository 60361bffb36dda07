package org.cram.experiments.run;

import jakarta.inject.Inject;
import java.util.Map;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.optim.OptimizerSpec;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.OptimizerConfig;
import org.cram.optim.AdamSpec;
import org.cram.optim.Ascent;
import org.cram.optim.BaseOptimizerSpec;
import org.cram.optim.CramSpec;
import org.cram.optim.SgdSpec;

/** Turns an optimizer arm of a config into an optimizer spec, resolving compressors by name. */
public final class OptimizerFactory {
    private final Map<String, CompressorProvider> compressors;

    @Inject
    public OptimizerFactory(Map<String, CompressorProvider> compressors) {
        this.compressors = compressors;
    }

    /**
     * @throws ConfigException naming the arm when the combination is invalid (e.g. a compressor that does not
     *                         support the targets)
     */
    public OptimizerSpec create(OptimizerConfig c, long seed) {
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

    private CompressorProvider provider(String name) {
        CompressorProvider p = compressors.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown compressor '" + name + "'; available: "
                    + new java.util.TreeSet<>(compressors.keySet()));
        }
        return p;
    }
}

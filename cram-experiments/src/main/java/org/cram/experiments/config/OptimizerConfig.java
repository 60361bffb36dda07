package org.cram.experiments.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cram.optim.CramSpec;

/**
 * One optimizer arm of an experiment, as a config names it.
 *
 * <pre>
 * sgd:        type, lr, momentum, dampening, nesterov, weight_decay
 * sam:        the above + rho
 * cram, cram-plus: the above + rho, sparsities (or sparsity), sparse_gradient, normalize_ascent, compressor
 * </pre>
 *
 * @param label   the arm's name in the config (used in run names and tables)
 * @param type    one of {@link #TYPES}
 * @param sparsities the per-step targets (one value for CrAM-k, several for CrAM-Multi); empty for sgd/sam
 */
public record OptimizerConfig(String label, String type, double lr, double momentum, double dampening,
                              boolean nesterov, double weightDecay, double rho, List<Double> sparsities,
                              boolean sparseGradient, boolean normalizeAscent, String compressor) {

    public static final List<String> TYPES = List.of("sgd", "sam", "cram", "cram-plus");
    public static final double DEFAULT_MOMENTUM = 0.0;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    public static final String DEFAULT_COMPRESSOR = "global-magnitude";

    /** Whether the arm trains with a compressor (CrAM family). */
    public boolean compressed() {
        return type.startsWith("cram");
    }

    static OptimizerConfig parse(String label, ConfigNode n) {
        String type = n.choice("type", TYPES);
        double lr = n.number("lr", 0, 10, true);
        if (lr == 0) {
            throw ConfigException.at(n.path() + ".lr", "must be > 0, got 0");
        }
        double momentum = n.number("momentum", DEFAULT_MOMENTUM, 0, 1, false);
        double dampening = n.number("dampening", 0, 0, 1, true);
        boolean nesterov = n.bool("nesterov", false);
        double wd = n.number("weight_decay", DEFAULT_WEIGHT_DECAY, 0, 1, true);
        double rho = 0;
        List<Double> sparsities = List.of();
        boolean sparseGradient = false;
        boolean normalize = type.equals("sam");
        String compressor = null;
        if (!type.equals("sgd")) {
            rho = n.number("rho", CramSpec.DEFAULT_RHO, 0, 100, true);
        }
        if (type.startsWith("cram")) {
            if (n.has("sparsity") && n.has("sparsities")) {
                throw ConfigException.at(n.path(), "give either 'sparsity' or 'sparsities', not both");
            }
            sparsities = n.has("sparsity") ? List.of(n.number("sparsity", 0, 1, false))
                    : n.numbers("sparsities", 0, 1);
            sparseGradient = n.bool("sparse_gradient", true);
            normalize = n.bool("normalize_ascent", false);
            compressor = n.string("compressor", DEFAULT_COMPRESSOR);
        }
        n.requireNoUnknownKeys();
        return new OptimizerConfig(label, type, lr, momentum, dampening, nesterov, wd, rho, sparsities,
                sparseGradient, normalize, compressor);
    }

    /** The arm's settings as flat tracking params. */
    public Map<String, Object> asParams() {
        Map<String, Object> m = new TreeMap<>();
        m.put("optimizer.type", type);
        m.put("optimizer.lr", lr);
        m.put("optimizer.momentum", momentum);
        m.put("optimizer.dampening", dampening);
        m.put("optimizer.nesterov", nesterov);
        m.put("optimizer.weight_decay", weightDecay);
        if (!type.equals("sgd")) {
            m.put("optimizer.rho", rho);
        }
        if (compressed()) {
            m.put("optimizer.sparsities", sparsities);
            m.put("optimizer.sparse_gradient", sparseGradient);
            m.put("optimizer.normalize_ascent", normalizeAscent);
            m.put("optimizer.compressor", compressor);
        }
        return m;
    }
}

package org.cram.experiments.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cram.api.compress.CompressionTarget;
import org.cram.optim.AdamSpec;
import org.cram.optim.CramSpec;

/**
 * One optimizer arm of an experiment, as a config names it. Keys by type:
 *
 * <pre>
 * sgd:              lr, momentum, dampening, nesterov, weight_decay
 * adam, adamw:      lr, beta1, beta2, eps, weight_decay
 * sam, asam:        base (sgd | adam | adamw) and its keys, rho
 * cram, cram-plus:  base and its keys, rho, one of sparsity | sparsities | nm | bits, sparse_gradient,
 *                   normalize_ascent, compressor, compressor_options, mask_refresh_period
 * </pre>
 *
 * @param label   the arm's name in the config (used in run names and tables)
 * @param type    one of {@link #TYPES}
 * @param base    the base optimizer of two-pass types (the type itself for single-pass ones)
 * @param targets what CrAM compresses to, one drawn per step; empty for the others
 */
public record OptimizerConfig(String label, String type, String base, double lr, double momentum, double dampening,
                              boolean nesterov, double weightDecay, double beta1, double beta2, double eps,
                              double rho, List<CompressionTarget> targets, boolean sparseGradient,
                              boolean normalizeAscent, String compressor, Map<String, Object> compressorOptions,
                              int maskRefreshPeriod) {

    public static final List<String> TYPES = List.of("sgd", "adam", "adamw", "sam", "asam", "cram", "cram-plus");
    public static final List<String> BASES = List.of("sgd", "adam", "adamw");
    public static final double DEFAULT_MOMENTUM = 0.0;
    public static final String DEFAULT_COMPRESSOR = "global-magnitude";

    /** Whether the arm trains with a compressor (CrAM family). */
    public boolean compressed() {
        return type.startsWith("cram");
    }

    /** Whether the arm takes two gradients per step. */
    public boolean twoPass() {
        return !BASES.contains(type);
    }

    static OptimizerConfig parse(String label, ConfigNode n) {
        String type = n.choice("type", TYPES);
        boolean twoPass = !BASES.contains(type);
        String base = twoPass ? n.string("base", "sgd") : type;
        if (!BASES.contains(base)) {
            throw ConfigException.at(n.path() + ".base", "unknown value '" + base + "'; allowed: " + BASES);
        }
        double lr = n.number("lr", 0, 10, true);
        if (!(lr > 0)) {
            throw ConfigException.at(n.path() + ".lr", "must be > 0, got " + lr);
        }
        boolean adam = !base.equals("sgd");
        double defaultDecay = base.equals("adamw") ? AdamSpec.DEFAULT_ADAMW_DECAY : 0.0;
        double wd = n.number("weight_decay", defaultDecay, 0, 1, true);
        double momentum = adam ? 0 : n.number("momentum", DEFAULT_MOMENTUM, 0, 1, false);
        double dampening = adam ? 0 : n.number("dampening", 0, 0, 1, true);
        boolean nesterov = !adam && n.bool("nesterov", false);
        double beta1 = adam ? n.number("beta1", AdamSpec.DEFAULT_BETA1, 0, 1, false) : 0;
        double beta2 = adam ? n.number("beta2", AdamSpec.DEFAULT_BETA2, 0, 1, false) : 0;
        double eps = adam ? n.number("eps", AdamSpec.DEFAULT_EPSILON, 1e-30, 1, true) : 0;
        double rho = twoPass ? n.number("rho", CramSpec.DEFAULT_RHO, 0, 100, true) : 0;
        List<CompressionTarget> targets = List.of();
        boolean sparseGradient = false;
        boolean normalize = type.equals("sam");
        String compressor = null;
        Map<String, Object> compressorOptions = Map.of();
        int refresh = 1;
        if (type.startsWith("cram")) {
            targets = targets(n);
            sparseGradient = n.bool("sparse_gradient", true);
            normalize = n.bool("normalize_ascent", false);
            compressor = n.string("compressor", defaultCompressor(targets));
            compressorOptions = n.freeMap("compressor_options");
            refresh = n.integer("mask_refresh_period", 1, 1, 1_000_000);
        }
        n.requireNoUnknownKeys();
        return new OptimizerConfig(label, type, base, lr, momentum, dampening, nesterov, wd, beta1, beta2, eps, rho,
                targets, sparseGradient, normalize, compressor, compressorOptions, refresh);
    }

    /** Plain SGD (no dampening, no Nesterov), as a {@code finetune} section given by {@code lr} describes it. */
    static OptimizerConfig sgd(String label, double lr, double momentum, double weightDecay) {
        return new OptimizerConfig(label, "sgd", "sgd", lr, momentum, 0, false, weightDecay, 0, 0, 0, 0, List.of(),
                false, false, null, Map.of(), 1);
    }

    /** The built-in compressor for a kind of target: magnitude Top-K, N:M or quantization. */
    static String defaultCompressor(List<CompressionTarget> targets) {
        CompressionTarget first = targets.get(0);
        if (first instanceof CompressionTarget.NOfM) {
            return "n-of-m";
        }
        return first instanceof CompressionTarget.Bits ? "quantize" : DEFAULT_COMPRESSOR;
    }

    /** Exactly one of sparsity, sparsities, nm ("2:4" strings) or bits (an integer or a list). */
    static List<CompressionTarget> targets(ConfigNode n) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("sparsity", "sparsities", "nm", "bits")) {
            if (n.has(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            throw ConfigException.at(n.path(), "give exactly one of sparsity, sparsities, nm, bits; got "
                    + (given.isEmpty() ? "none" : given));
        }
        switch (given.get(0)) {
            case "sparsity" -> {
                return List.of(CompressionTarget.sparsity(n.number("sparsity", 0, 1, false)));
            }
            case "sparsities" -> {
                return CramSpec.sparsityTargets(n.numbers("sparsities", 0, 1));
            }
            case "nm" -> {
                List<CompressionTarget> out = new ArrayList<>();
                List<String> patterns = n.strings("nm");
                for (int i = 0; i < patterns.size(); i++) {
                    out.add(nOfM(n.path() + ".nm[" + i + "]", patterns.get(i)));
                }
                return List.copyOf(out);
            }
            default -> {
                if (n.isList("bits")) {
                    return n.numbers("bits", 2, 17).stream().map(b -> {
                        if (b != Math.rint(b)) {
                            throw ConfigException.at(n.path() + ".bits", "bit widths are integers, got " + b);
                        }
                        return (CompressionTarget) new CompressionTarget.Bits(b.intValue());
                    }).toList();
                }
                return List.of(new CompressionTarget.Bits(n.integer("bits", 2, 16)));
            }
        }
    }

    private static CompressionTarget nOfM(String key, String pattern) {
        String[] parts = pattern.split(":");
        try {
            if (parts.length == 2) {
                return new CompressionTarget.NOfM(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(key, e.getMessage());
        }
        throw ConfigException.at(key, "expected a pattern N:M such as '2:4', got '" + pattern + "'");
    }

    /** The arm's settings as flat tracking params. */
    public Map<String, Object> asParams() {
        Map<String, Object> m = new TreeMap<>();
        m.put("optimizer.type", type);
        m.put("optimizer.lr", lr);
        m.put("optimizer.weight_decay", weightDecay);
        if (twoPass()) {
            m.put("optimizer.base", base);
            m.put("optimizer.rho", rho);
        }
        if (base.equals("sgd")) {
            m.put("optimizer.momentum", momentum);
            m.put("optimizer.dampening", dampening);
            m.put("optimizer.nesterov", nesterov);
        } else {
            m.put("optimizer.beta1", beta1);
            m.put("optimizer.beta2", beta2);
            m.put("optimizer.eps", eps);
        }
        if (compressed()) {
            m.put("optimizer.targets", targets.stream().map(CompressionTarget::label).toList());
            m.put("optimizer.sparse_gradient", sparseGradient);
            m.put("optimizer.normalize_ascent", normalizeAscent);
            m.put("optimizer.compressor", compressor);
            compressorOptions.forEach((k, v) -> m.put("optimizer.compressor_options." + k, v));
            m.put("optimizer.mask_refresh_period", maskRefreshPeriod);
        }
        return m;
    }
}

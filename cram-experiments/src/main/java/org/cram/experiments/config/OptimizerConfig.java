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
 * gmp:              base and its keys, sparsity (final, required), compressor, compressor_options,
 *                   start_fraction, end_fraction, prune_every
 * </pre>
 *
 * <p>{@code gmp} is gradual magnitude pruning (Zhu and Gupta 2017, {@link org.cram.optim.GradualPruningSpec}): the
 * base optimizer trains while the compressor prunes the weights along a cubic schedule from 0 to {@code sparsity},
 * every {@code prune_every} steps within the window [{@code start_fraction}, {@code end_fraction}] of the run's total
 * training steps, keeping pruned weights at zero. It is single-pass (no {@code rho}) and not {@link #compressed()}.
 *
 * @param label             the arm's name in the config (used in run names and tables)
 * @param type              one of {@link #TYPES}
 * @param base              the base optimizer of two-pass and gmp types (the type itself for single-pass ones)
 * @param targets           what CrAM compresses to, one drawn per step; empty for the others
 * @param compressor        CrAM's or gmp's compressor, {@code null} for the others
 * @param finalSparsity     gmp's final sparsity; 0 for the others
 * @param startFraction     gmp's first pruning step as a fraction of the total training steps; 0 for the others
 * @param endFraction       gmp's last pruning step as a fraction of the total training steps; 0 for the others
 * @param pruneEvery        gmp's steps between pruning steps; 0 for the others
 */
public record OptimizerConfig(String label, String type, String base, double lr, double momentum, double dampening,
                              boolean nesterov, double weightDecay, double beta1, double beta2, double eps,
                              double rho, List<CompressionTarget> targets, boolean sparseGradient,
                              boolean normalizeAscent, String compressor, Map<String, Object> compressorOptions,
                              int maskRefreshPeriod, double finalSparsity, double startFraction,
                              double endFraction, int pruneEvery) {

    /** The type of gradual magnitude pruning arms. */
    public static final String GMP = "gmp";
    public static final List<String> TYPES = List.of("sgd", "adam", "adamw", "sam", "asam", "cram", "cram-plus",
            GMP);
    public static final List<String> BASES = List.of("sgd", "adam", "adamw");
    public static final double DEFAULT_MOMENTUM = 0.0;
    public static final String DEFAULT_COMPRESSOR = "global-magnitude";
    /** gmp's default {@code start_fraction}: prune from the first step on (Zhu and Gupta start early). */
    public static final double DEFAULT_START_FRACTION = 0.0;
    /**
     * gmp's default {@code end_fraction}: reach the final sparsity after 3/4 of the steps, leaving the last quarter to
     * train the sparse network at a fixed mask (as Zhu and Gupta let the learning rate decay after pruning ends).
     */
    public static final double DEFAULT_END_FRACTION = 0.75;
    /**
     * gmp's default {@code prune_every}, in optimizer steps: frequent enough for a smooth cubic ramp on CIFAR-sized
     * runs (about 8 pruning steps per epoch at batch 128), rare enough that masks can settle in between. A window
     * shorter than this prunes only at its start and end; it is not shortened.
     */
    public static final int DEFAULT_PRUNE_EVERY = 50;

    /** Whether the arm trains with a compressor in the CrAM sense (compressed forward/backward pass). */
    public boolean compressed() {
        return type.startsWith("cram");
    }

    /** Whether the arm takes two gradients per step. */
    public boolean twoPass() {
        return hasBase(type) && !type.equals(GMP);
    }

    /** Whether the arm is gradual magnitude pruning (its spec needs the run's total training steps). */
    public boolean gradualPruning() {
        return type.equals(GMP);
    }

    /** Whether the type wraps a base optimizer given by the {@code base} key. */
    private static boolean hasBase(String type) {
        return !BASES.contains(type);
    }

    static OptimizerConfig parse(String label, ConfigNode n) {
        String type = n.choice("type", TYPES);
        boolean twoPass = hasBase(type) && !type.equals(GMP);
        String base = hasBase(type) ? n.string("base", "sgd") : type;
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
        double finalSparsity = 0;
        double start = 0;
        double end = 0;
        int pruneEvery = 0;
        if (type.equals(GMP)) {
            finalSparsity = n.number("sparsity", 0, 1, false);
            compressor = n.string("compressor", DEFAULT_COMPRESSOR);
            compressorOptions = n.freeMap("compressor_options");
            start = n.number("start_fraction", DEFAULT_START_FRACTION, 0, 1, false);
            end = n.number("end_fraction", DEFAULT_END_FRACTION, 0, 1, true);
            if (!(end > start)) {
                throw ConfigException.at(n.path() + ".end_fraction", "must be > start_fraction = " + start
                        + ", got " + end);
            }
            pruneEvery = n.integer("prune_every", DEFAULT_PRUNE_EVERY, 1, Integer.MAX_VALUE);
        }
        n.requireNoUnknownKeys();
        return new OptimizerConfig(label, type, base, lr, momentum, dampening, nesterov, wd, beta1, beta2, eps, rho,
                targets, sparseGradient, normalize, compressor, compressorOptions, refresh, finalSparsity, start, end,
                pruneEvery);
    }

    /** gmp's first pruning step: {@code start_fraction} of the total steps, rounded down. */
    public long startStep(long totalSteps) {
        return (long) Math.floor(startFraction * totalSteps);
    }

    /** gmp's last pruning step: {@code end_fraction} of the total steps, rounded down. */
    public long endStep(long totalSteps) {
        return (long) Math.floor(endFraction * totalSteps);
    }

    /** Plain SGD (no dampening, no Nesterov), as a {@code finetune} section given by {@code lr} describes it. */
    static OptimizerConfig sgd(String label, double lr, double momentum, double weightDecay) {
        return new OptimizerConfig(label, "sgd", "sgd", lr, momentum, 0, false, weightDecay, 0, 0, 0, 0, List.of(),
                false, false, null, Map.of(), 1, 0, 0, 0, 0);
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
        if (hasBase(type)) {
            m.put("optimizer.base", base);
        }
        if (twoPass()) {
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
        if (gradualPruning()) {
            m.put("optimizer.final_sparsity", finalSparsity);
            m.put("optimizer.compressor", compressor);
            compressorOptions.forEach((k, v) -> m.put("optimizer.compressor_options." + k, v));
            m.put("optimizer.start_fraction", startFraction);
            m.put("optimizer.end_fraction", endFraction);
            m.put("optimizer.prune_every", pruneEvery);
        }
        return m;
    }
}

package org.cram.experiments.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A reproduction suite: the experiment configs behind one results table, the seeds to run them with, the tuning
 * that picks hyper-parameters on a validation split first, and a smoke version for CI. Read from YAML:
 *
 * <pre>
 * table: image                         # the report goes to results/image/
 * title: ResNet-20 on Fashion-MNIST
 * seeds: [1, 2, 3]
 * tuning:                              # optional
 *   config: results/configs/image-tune.yaml   # arms named ARM/VARIANT, evaluated on data.evaluate_on: validation
 *   keys: [rho, lr]                    # copied from each arm's best variant to the arm ARM of the runs
 *   apply: {cram-plus: [cram, cram-plus, cram-plus-multi]}   # optional: ARM's choice also goes to these arms
 * runs: [results/configs/image.yaml, results/configs/image-gmp.yaml]
 * smoke:                               # cram reproduce --smoke
 *   seeds: [1]
 *   set: [data.train_limit=256, training.epochs=1]   # applied to every config that has the key's section
 * </pre>
 *
 * Relative paths are resolved against the working directory, as the CLI's config argument is.
 *
 * @param table  a short name: the report folder and file names
 * @param title  the report's heading
 * @param seeds  every run config is run once per seed ({@code seed} overridden)
 * @param tuning the validation-split tuning, if any
 * @param runs   the experiment configs of the table, in report order
 * @param smoke  the smoke version's seeds and overrides
 */
public record SuiteConfig(String table, String title, List<Long> seeds, Optional<Tuning> tuning, List<Path> runs,
                          Smoke smoke) {
    /** Hyper-parameters an arm may take from its tuned variant. */
    public static final List<String> TUNABLE_KEYS = List.of("rho", "lr");
    /** Separates an arm's name from its variant in a tuning config's arm labels ("cram-plus/rho0.1"). */
    public static final String VARIANT_SEPARATOR = "/";

    /**
     * @param keys  the hyper-parameters (of {@link #TUNABLE_KEYS}) the winning variant passes on
     * @param apply per tuned arm, the arms of the runs that take its choice (an arm absent here passes it to the
     *              arm of the same name only)
     */
    public record Tuning(Path config, List<String> keys, java.util.Map<String, List<String>> apply) {
        public Tuning {
            apply = java.util.Map.copyOf(apply);
        }

        /** The arms of the runs that take {@code tunedArm}'s choice. */
        public List<String> targetsOf(String tunedArm) {
            return apply.getOrDefault(tunedArm, List.of(tunedArm));
        }
    }

    /** @param overrides {@code key=value} overrides applied to every config that has the key's top-level section */
    public record Smoke(List<Long> seeds, List<String> overrides) {
    }

    /** Reads and validates a suite file; errors name the key. */
    public static SuiteConfig load(Path file) {
        ConfigNode root = ConfigLoader.readNode(file);
        String table = root.string("table");
        if (!table.matches("[a-z0-9][a-z0-9-]*")) {
            throw ConfigException.at("table", "expected lower-case letters, digits and '-', got '" + table + "'");
        }
        String title = root.string("title", table);
        List<Long> seeds = seeds(root, "seeds");
        Optional<Tuning> tuning = Optional.empty();
        if (root.has("tuning")) {
            ConfigNode t = root.child("tuning");
            java.util.Map<String, List<String>> apply = new java.util.LinkedHashMap<>();
            if (t.has("apply")) {
                ConfigNode a = t.child("apply");
                for (String arm : a.keys()) {
                    apply.put(arm, a.strings(arm));
                }
                a.requireNoUnknownKeys();
            }
            tuning = Optional.of(new Tuning(Path.of(t.string("config")), t.choices("keys", TUNABLE_KEYS), apply));
            t.requireNoUnknownKeys();
        }
        List<Path> runs = root.strings("runs").stream().map(Path::of).toList();
        if (runs.isEmpty()) {
            throw ConfigException.at("runs", "list at least one experiment config");
        }
        ConfigNode s = root.optionalChild("smoke");
        Smoke smoke = new Smoke(s.has("seeds") ? seeds(s, "seeds") : List.of(seeds.get(0)),
                s.has("set") ? s.strings("set") : List.of());
        s.requireNoUnknownKeys();
        root.requireNoUnknownKeys();
        return new SuiteConfig(table, title, seeds, tuning, runs, smoke);
    }

    private static List<Long> seeds(ConfigNode n, String key) {
        List<Double> values = n.numbers(key, 0, Long.MAX_VALUE);
        if (values.isEmpty()) {
            throw ConfigException.at(n.path().isEmpty() ? key : n.path() + "." + key, "list at least one seed");
        }
        return values.stream().map(v -> {
            if (v != Math.rint(v)) {
                throw ConfigException.at(n.path().isEmpty() ? key : n.path() + "." + key,
                        "seeds are integers, got " + v);
            }
            return v.longValue();
        }).toList();
    }
}

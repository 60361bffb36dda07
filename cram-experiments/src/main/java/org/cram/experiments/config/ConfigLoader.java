package org.cram.experiments.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cram.experiments.data.FineFoods;
import org.cram.models.zoo.ModelZoo;
import org.cram.models.bn.BatchNormRetuning;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an experiment config from YAML, applies {@code key=value} overrides, and validates everything before any
 * work starts. Parsing is safe: only plain maps, lists and scalars are built (no tags that instantiate classes),
 * with limits on aliases, nesting depth and size.
 */
public final class ConfigLoader {
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ALIASES = 20;
    private static final int MAX_DEPTH = 20;
    private final Collection<String> compressorNames;

    /** @param compressorNames the registered compressor names that configs may refer to */
    public ConfigLoader(Collection<String> compressorNames) {
        this.compressorNames = List.copyOf(compressorNames);
    }

    /** Loads, overrides and validates a config file. */
    public ExperimentConfig load(Path file, List<String> overrides) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("config file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), overrides);
    }

    /**
     * The top-level sections of a config file (e.g. "data", "finetune"), read without validating it: lets a caller
     * apply an override only to configs that have its section.
     */
    public static java.util.Set<String> sections(Path file) {
        try {
            return java.util.Set.copyOf(readYaml(Files.readString(file), file.toString()).keySet());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /** Reads a YAML mapping safely (see {@link #safeYaml()}) as a validating node, for other config kinds. */
    static ConfigNode readNode(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("config file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return new ConfigNode("", readYaml(Files.readString(file), file.toString()));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Parses config text ({@code source} names it in errors). */
    public ExperimentConfig parse(String text, String source, List<String> overrides) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException("config " + source + " is larger than " + MAX_BYTES + " characters ("
                    + text.length() + "); not parsed");
        }
        Map<String, Object> root = readYaml(text, source);
        for (String o : overrides) {
            applyOverride(root, o);
        }
        return build(new ConfigNode("", root));
    }

    /**
     * A loader that builds only maps, lists and scalars ({@link SafeConstructor}: a tag naming a class is an error),
     * with at most {@value #MAX_ALIASES} aliases to collections (so an alias bomb fails at once), nesting of at most
     * {@value #MAX_DEPTH} levels and at most {@link #MAX_BYTES} code points.
     */
    private static Yaml safeYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readYaml(String text, String source) {
        Object doc;
        try {
            doc = safeYaml().load(text);
        } catch (YAMLException e) {
            throw new ConfigException("config " + source + " is not valid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML reports some malformed input (e.g. !!set on a scalar) with a ClassCastException
            throw new ConfigException("config " + source + " is not valid YAML: " + e);
        }
        if (!(doc instanceof Map)) {
            throw new ConfigException("config " + source + " must be a YAML mapping at the top level, got "
                    + (doc == null ? "an empty document" : doc.getClass().getSimpleName()));
        }
        return deepCopy((Map<String, Object>) doc);
    }

    /** A mutable copy in which every mapping key, also in mappings inside lists, is a string. */
    private static Map<String, Object> deepCopy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), deepCopyValue(v)));
        return out;
    }

    private static Object deepCopyValue(Object v) {
        if (v instanceof Map<?, ?> map) {
            return deepCopy(map);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(deepCopyValue(e));
            }
            return out;
        }
        return v;
    }

    /** Applies {@code a.b.c=value}; the value is read as a YAML scalar or flow collection (e.g. {@code [0.5, 0.9]}). */
    @SuppressWarnings("unchecked")
    static void applyOverride(Map<String, Object> root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "' must look like key.path=value");
        }
        String[] path = override.substring(0, eq).trim().split("\\.");
        Object value;
        try {
            value = deepCopyValue(safeYaml().load(override.substring(eq + 1)));
        } catch (YAMLException e) {
            throw new ConfigException("override '" + abbreviate(override) + "': value is not valid YAML: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("override '" + abbreviate(override) + "': value is not valid YAML: " + e);
        }
        Map<String, Object> at = root;
        for (int i = 0; i < path.length - 1; i++) {
            Object next = at.get(path[i]);
            if (next == null) {
                next = new LinkedHashMap<String, Object>();
                at.put(path[i], next);
            } else if (!(next instanceof Map)) {
                throw new ConfigException("override '" + override + "': '" + String.join(".",
                        java.util.Arrays.copyOf(path, i + 1)) + "' is not a mapping");
            }
            at = (Map<String, Object>) next;
        }
        at.put(path[path.length - 1], value);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private ExperimentConfig build(ConfigNode root) {
        String experiment = root.string("experiment");
        long seed = root.longValue("seed", 42);

        ExperimentConfig.Data data = data(root.child("data"));
        List<String> imageModels = ModelZoo.names();
        List<String> models = root.choices("models", java.util.stream.Stream.concat(imageModels.stream(),
                ExperimentConfig.Bert.MODELS.stream()).toList());
        TextConfigs.requireModelsFit(models, data, imageModels);
        java.util.Optional<ExperimentConfig.Bert> bert = TextConfigs.bert(root, data, models);

        ConfigNode t = root.child("training");
        ExperimentConfig.Training training = new ExperimentConfig.Training(
                t.integer("epochs", 1, 10_000),
                t.integer("batch_size", ExperimentConfig.Training.DEFAULT_BATCH_SIZE, 1, 65_536),
                t.string("schedule", "cosine"),
                t.integer("warmup_epochs", 0, 0, 10_000),
                t.integer("step_size", 30, 1, 10_000),
                t.number("gamma", 0.1, 0, 1, true),
                t.integer("warmup_steps", 0, 0, Integer.MAX_VALUE));
        if (!ExperimentConfig.Training.SCHEDULES.contains(training.schedule())) {
            throw ConfigException.at("training.schedule", "unknown value '" + training.schedule() + "'; allowed: "
                    + ExperimentConfig.Training.SCHEDULES);
        }
        if (training.schedule().equals("cosine") && training.warmupEpochs() >= training.epochs()) {
            throw ConfigException.at("training.warmup_epochs", "value " + training.warmupEpochs()
                    + " must be smaller than training.epochs (" + training.epochs() + ")");
        }
        t.requireNoUnknownKeys();

        List<OptimizerConfig> optimizers = new ArrayList<>();
        root.children("optimizers").forEach((label, node) -> {
            OptimizerConfig o = OptimizerConfig.parse(label, node);
            if (o.compressor() != null) {
                requireCompressor(node.path() + ".compressor", o.compressor());
            }
            optimizers.add(o);
        });

        ConfigNode s = root.optionalChild("sweep");
        List<ExperimentConfig.SweepEntry> grid = new ArrayList<>();
        if (s.has("grid")) {
            for (ConfigNode e : s.nodeList("grid")) {
                grid.add(sweepEntry(e));
            }
        } else if (s.has("compressor") || s.has("sparsities") || s.has("nm") || s.has("bits")) {
            grid.add(sweepEntry(s));
        } else {
            grid.add(new ExperimentConfig.SweepEntry(OptimizerConfig.DEFAULT_COMPRESSOR, Map.of(),
                    org.cram.optim.CramSpec.sparsityTargets(ExperimentConfig.Sweep.DEFAULT_SPARSITIES)));
        }
        ConfigNode b = s.optionalChild("bn_retune");
        ExperimentConfig.BnRetune bn = new ExperimentConfig.BnRetune(
                b.bool("enabled", true),
                b.integer("calibration_size", ExperimentConfig.BnRetune.DEFAULT_CALIBRATION_SIZE, 1, 1_000_000),
                b.integer("forward_passes", BatchNormRetuning.DEFAULT_FORWARD_PASSES, 1, 100_000),
                b.integer("batch_size", ExperimentConfig.BnRetune.DEFAULT_BATCH_SIZE, 1, 65_536),
                b.integer("padding", ExperimentConfig.BnRetune.DEFAULT_PADDING, 0, 64),
                b.number("flip_probability", ExperimentConfig.BnRetune.DEFAULT_FLIP, 0, 1, true));
        b.requireNoUnknownKeys();
        s.requireNoUnknownKeys();

        java.util.Optional<ExperimentConfig.FineTune> finetune = root.has("finetune")
                ? java.util.Optional.of(SparseTrainingConfigs.fineTune(root.child("finetune")))
                : java.util.Optional.empty();
        java.util.Optional<ExperimentConfig.Transfer> transfer = root.has("transfer")
                ? java.util.Optional.of(SparseTrainingConfigs.transfer(root.child("transfer"), data))
                : java.util.Optional.empty();

        ConfigNode tr = root.optionalChild("tracking");
        ExperimentConfig.Tracking tracking = new ExperimentConfig.Tracking(
                Path.of(tr.string("store", ExperimentConfig.Tracking.DEFAULT_STORE)));
        tr.requireNoUnknownKeys();
        root.requireNoUnknownKeys();
        return new ExperimentConfig(experiment, seed, data, models, training, List.copyOf(optimizers),
                new ExperimentConfig.Sweep(List.copyOf(grid), bn), finetune, tracking, bert, transfer);
    }

    /**
     * The data section. Only Fashion-MNIST (a Debian package) and the fine-food reviews (the fetch script's cache)
     * install to a known place; {@code csv}, {@code jsonl} and {@code squad} name their two files instead of a folder.
     */
    static ExperimentConfig.Data data(ConfigNode d) {
        String dataset = d.choice("dataset", ExperimentConfig.Data.DATASETS);
        java.util.Optional<ExperimentConfig.TextFiles> files = java.util.Optional.empty();
        java.util.Optional<ExperimentConfig.SquadFiles> squad = java.util.Optional.empty();
        Path dir;
        switch (dataset) {
            case "fashion-mnist" -> dir = Path.of(d.string("dir", ExperimentConfig.Data.DEFAULT_DIR));
            case "fine-foods" -> dir = d.has("dir") ? Path.of(d.string("dir")) : FineFoods.defaultDir();
            case "csv", "jsonl" -> {
                files = java.util.Optional.of(TextConfigs.files(d, dataset));
                dir = files.get().train().toAbsolutePath().getParent();
            }
            case ExperimentConfig.Data.SQUAD -> {
                squad = java.util.Optional.of(TextConfigs.squadFiles(d));
                dir = squad.get().train().toAbsolutePath().getParent();
            }
            default -> dir = Path.of(d.string("dir"));
        }
        int validationSize = d.integer("validation_size", 0, 0, Integer.MAX_VALUE);
        String evaluateOn = d.choice("evaluate_on", ExperimentConfig.Data.EVALUATE_ON_TEST,
                ExperimentConfig.Data.EVALUATE_ON);
        if (validationSize > 0 && dataset.equals(ExperimentConfig.Data.SQUAD)) {
            throw ConfigException.at(d.path() + ".validation_size", "a validation split is not supported for squad "
                    + "(its questions share contexts); got " + validationSize);
        }
        if (evaluateOn.equals(ExperimentConfig.Data.EVALUATE_ON_VALIDATION) && validationSize == 0) {
            throw ConfigException.at(d.path() + ".evaluate_on", "'validation' needs data.validation_size > 0");
        }
        ExperimentConfig.Data data = new ExperimentConfig.Data(dataset, dir,
                d.integer("train_limit", 0, 0, Integer.MAX_VALUE),
                d.integer("test_limit", 0, 0, Integer.MAX_VALUE), files, squad, validationSize, evaluateOn);
        d.requireNoUnknownKeys();
        return data;
    }

    /** {@code compressor} (default global magnitude) with one of sparsities, nm or bits. */
    private ExperimentConfig.SweepEntry sweepEntry(ConfigNode e) {
        var targets = OptimizerConfig.targets(e);
        String compressor = e.string("compressor", OptimizerConfig.defaultCompressor(targets));
        requireCompressor(e.path().isEmpty() ? "compressor" : e.path() + ".compressor", compressor);
        Map<String, Object> options = e.freeMap("options");
        if (!e.path().equals("sweep")) {
            e.requireNoUnknownKeys();
        }
        return new ExperimentConfig.SweepEntry(compressor, options, targets);
    }

    private void requireCompressor(String key, String name) {
        if (!compressorNames.contains(name)) {
            throw ConfigException.at(key, "unknown compressor '" + name + "'; available: " + compressorNames);
        }
    }
}

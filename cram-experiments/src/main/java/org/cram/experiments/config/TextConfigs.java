package org.cram.experiments.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the text-experiment parts of a config: the files and columns of a {@code csv}/{@code jsonl} dataset, the
 * models a dataset kind allows, and the {@code bert} section (sequence length, pooling, pruning scope, and the
 * geometry of model {@code bert}). Errors name the key, the value and what is allowed, as {@link ConfigNode}'s do.
 */
final class TextConfigs {
    /** The keys of the {@code bert} section that only model {@code bert} reads. */
    static final List<String> GEOMETRY_KEYS = List.of("hidden_size", "layers", "heads", "intermediate_size",
            "init_std");
    /** The most positions all-MiniLM-L6-v2 (and bert-base) has. */
    static final int MAX_POSITIONS = 512;

    private TextConfigs() {
    }

    /** {@code train_file}, {@code test_file} and the column names of a {@code csv} or {@code jsonl} dataset. */
    static ExperimentConfig.TextFiles files(ConfigNode d, String dataset) {
        Path train = Path.of(d.string("train_file"));
        Path test = Path.of(d.string("test_file"));
        String text = nonEmpty(d, "text_column", d.string("text_column", ExperimentConfig.Data.DEFAULT_TEXT_COLUMN));
        Optional<String> pair = d.has("text_pair_column")
                ? Optional.of(nonEmpty(d, "text_pair_column", d.string("text_pair_column"))) : Optional.empty();
        String label = nonEmpty(d, "label_column",
                d.string("label_column", ExperimentConfig.Data.DEFAULT_LABEL_COLUMN));
        if (label.equals(text) || pair.map(p -> p.equals(text) || p.equals(label)).orElse(false)) {
            throw ConfigException.at(d.path() + ".label_column", "the text, text pair and label columns must "
                    + "differ, got text '" + text + "', " + pair.map(p -> "pair '" + p + "', ").orElse("")
                    + "label '" + label + "' (" + dataset + ")");
        }
        return new ExperimentConfig.TextFiles(train, test, text, pair, label);
    }

    /** {@code train_file}, {@code test_file} and {@code max_answer_length} of a {@code squad} dataset. */
    static ExperimentConfig.SquadFiles squadFiles(ConfigNode d) {
        return new ExperimentConfig.SquadFiles(Path.of(d.string("train_file")), Path.of(d.string("test_file")),
                d.integer("max_answer_length", ExperimentConfig.SquadFiles.DEFAULT_MAX_ANSWER_LENGTH, 1,
                        MAX_POSITIONS));
    }

    private static String nonEmpty(ConfigNode d, String key, String value) {
        if (value.isBlank()) {
            throw ConfigException.at(d.path() + "." + key, "expected a column name, got an empty string");
        }
        return value;
    }

    /** Fails unless every model suits the dataset kind: BERT models for text data, zoo models for images. */
    static void requireModelsFit(List<String> models, ExperimentConfig.Data data, List<String> imageModels) {
        for (int i = 0; i < models.size(); i++) {
            String m = models.get(i);
            if (data.isText() && imageModels.contains(m)) {
                throw ConfigException.at("models[" + i + "]", "'" + m + "' is an image model but data.dataset '"
                        + data.dataset() + "' is a text dataset; allowed: " + ExperimentConfig.Bert.MODELS);
            }
            if (!data.isText() && ExperimentConfig.Bert.MODELS.contains(m)) {
                throw ConfigException.at("models[" + i + "]", "'" + m + "' is a text model but data.dataset '"
                        + data.dataset() + "' is an image dataset; text datasets: "
                        + ExperimentConfig.Data.TEXT_DATASETS);
            }
        }
    }

    /** The {@code bert} section of a text experiment (defaults when absent); an error for image experiments. */
    static Optional<ExperimentConfig.Bert> bert(ConfigNode root, ExperimentConfig.Data data, List<String> models) {
        if (!data.isText()) {
            if (root.has("bert")) {
                throw ConfigException.at("bert", "only text datasets " + ExperimentConfig.Data.TEXT_DATASETS
                        + " take a bert section; data.dataset is '" + data.dataset() + "'");
            }
            return Optional.empty();
        }
        ConfigNode b = root.optionalChild("bert");
        int maxLength = b.integer("max_length", ExperimentConfig.Bert.DEFAULT_MAX_LENGTH, 3, MAX_POSITIONS);
        if (data.isQuestionAnswering() && b.has("pooling")) {
            throw ConfigException.at(b.path() + ".pooling", "pooling applies to classification only; data.dataset '"
                    + data.dataset() + "' answers with a span head over every token (remove the key)");
        }
        String pooling = oneOf(b, "pooling", ExperimentConfig.Bert.DEFAULT_POOLING, ExperimentConfig.Bert.POOLINGS);
        String scope = oneOf(b, "pruning_scope", ExperimentConfig.Bert.DEFAULT_PRUNING_SCOPE,
                ExperimentConfig.Bert.PRUNING_SCOPES);
        int evalBatch = b.integer("eval_batch_size", ExperimentConfig.Bert.DEFAULT_EVAL_BATCH_SIZE, 1, 65_536);
        Optional<ExperimentConfig.BertGeometry> geometry = Optional.empty();
        if (models.contains(ExperimentConfig.Bert.RANDOM)) {
            geometry = Optional.of(geometry(b));
        } else {
            for (String k : GEOMETRY_KEYS) {
                if (b.has(k)) {
                    throw ConfigException.at(b.path() + "." + k, "geometry keys " + GEOMETRY_KEYS
                            + " only apply to model '" + ExperimentConfig.Bert.RANDOM + "'; models are " + models);
                }
            }
        }
        b.requireNoUnknownKeys();
        return Optional.of(new ExperimentConfig.Bert(maxLength, pooling, scope, evalBatch, geometry));
    }

    private static ExperimentConfig.BertGeometry geometry(ConfigNode b) {
        int hidden = b.integer("hidden_size", 1, 4096);
        int layers = b.integer("layers", 1, 48);
        int heads = b.integer("heads", 1, 64);
        int intermediate = b.integer("intermediate_size", 1, 16_384);
        double std = b.number("init_std", ExperimentConfig.BertGeometry.DEFAULT_INIT_STD, 0, 1, true);
        if (hidden % heads != 0) {
            throw ConfigException.at(b.path() + ".heads", "value " + heads + " must divide bert.hidden_size ("
                    + hidden + ")");
        }
        return new ExperimentConfig.BertGeometry(hidden, layers, heads, intermediate, std);
    }

    private static String oneOf(ConfigNode n, String key, String defaultValue, List<String> allowed) {
        String v = n.string(key, defaultValue);
        if (!allowed.contains(v)) {
            throw ConfigException.at(n.path() + "." + key, "unknown value '" + v + "'; allowed: " + allowed);
        }
        return v;
    }
}

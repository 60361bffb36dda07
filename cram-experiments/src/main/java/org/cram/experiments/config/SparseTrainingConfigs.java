package org.cram.experiments.config;

/**
 * Reads the sections that train a pruned model with its mask fixed: {@code finetune} (on the same task) and
 * {@code transfer} (on a second task, plus its {@code data}). Both take {@code sparsities}, {@code epochs} and the
 * optimizer, either as {@code optimizer: {type, lr, ...}} with an arm's keys (single-pass types only) or, as before,
 * as SGD from {@code lr}, {@code momentum} and {@code weight_decay}. Errors name the key, the value and what is
 * allowed, as {@link ConfigNode}'s do.
 */
final class SparseTrainingConfigs {
    /** The keys of the SGD form that {@code optimizer} replaces. */
    private static final java.util.List<String> SGD_KEYS = java.util.List.of("lr", "momentum", "weight_decay");
    /** The text datasets a transfer can move to: classification only. */
    private static final java.util.List<String> CLASSIFICATION_TEXT_DATASETS = ExperimentConfig.Data.TEXT_DATASETS
            .stream().filter(n -> !n.equals(ExperimentConfig.Data.SQUAD)).toList();

    private SparseTrainingConfigs() {
    }

    /** The {@code finetune} section. */
    static ExperimentConfig.FineTune fineTune(ConfigNode f) {
        ExperimentConfig.FineTune ft = tuning(f);
        f.requireNoUnknownKeys();
        return ft;
    }

    /** The {@code transfer} section: {@code data} of the same kind as the experiment's, and the fine-tune keys. */
    static ExperimentConfig.Transfer transfer(ConfigNode t, ExperimentConfig.Data first) {
        if (first.isQuestionAnswering()) {
            throw ConfigException.at(t.path(), "sparse transfer moves classifiers to a new classification task; "
                    + "data.dataset '" + first.dataset() + "' trains a question-answering model (remove the section)");
        }
        ExperimentConfig.Data data = ConfigLoader.data(t.child("data"));
        if (data.isQuestionAnswering()) {
            throw ConfigException.at(t.path() + ".data.dataset", "'" + data.dataset() + "' is not a classification "
                    + "dataset; sparse transfer targets a classification task, allowed: "
                    + CLASSIFICATION_TEXT_DATASETS);
        }
        if (data.isText() != first.isText()) {
            throw ConfigException.at(t.path() + ".data.dataset", "'" + data.dataset() + "' is "
                    + (data.isText() ? "a text" : "an image") + " dataset but data.dataset '" + first.dataset()
                    + "' is " + (first.isText() ? "a text" : "an image") + " dataset; allowed: "
                    + (first.isText() ? CLASSIFICATION_TEXT_DATASETS : ExperimentConfig.Data.IMAGE_DATASETS));
        }
        ExperimentConfig.Transfer transfer = new ExperimentConfig.Transfer(data, tuning(t));
        t.requireNoUnknownKeys();
        return transfer;
    }

    private static ExperimentConfig.FineTune tuning(ConfigNode f) {
        java.util.List<Double> sparsities = f.numbers("sparsities", 0, 1);
        int epochs = f.integer("epochs", 1, 10_000);
        return new ExperimentConfig.FineTune(sparsities, epochs, optimizer(f));
    }

    private static OptimizerConfig optimizer(ConfigNode f) {
        String label = f.path() + ".optimizer";
        if (!f.has("optimizer")) {
            double lr = f.number("lr", 0, 10, true);
            if (!(lr > 0)) {
                throw ConfigException.at(f.path() + ".lr", "must be > 0, got " + lr);
            }
            return OptimizerConfig.sgd(label, lr,
                    f.number("momentum", ExperimentConfig.FineTune.DEFAULT_MOMENTUM, 0, 1, false),
                    f.number("weight_decay", 0, 0, 1, true));
        }
        for (String k : SGD_KEYS) {
            if (f.has(k)) {
                throw ConfigException.at(f.path() + "." + k, "give it inside " + label + " (with "
                        + label + " set, " + SGD_KEYS + " belong there)");
            }
        }
        ConfigNode o = f.child("optimizer");
        String type = o.string("type");
        if (!ExperimentConfig.FineTune.OPTIMIZER_TYPES.contains(type)) {
            throw ConfigException.at(label + ".type", "unknown value '" + type + "'; allowed: "
                    + ExperimentConfig.FineTune.OPTIMIZER_TYPES + " (the mask stays fixed, so only single-pass "
                    + "optimizers)");
        }
        return OptimizerConfig.parse(label, o);
    }
}

package org.cram.experiments.run;

import jakarta.inject.Inject;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.text.BertClassifiers;
import org.cram.experiments.text.BertQuestionAnswerers;
import org.cram.experiments.text.MiniLmAssets;
import org.cram.models.zoo.ModelZoo;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds a fresh model for a name of the config's {@code models} list, seeded by the config: image models from the
 * {@link ModelZoo} shaped by the training set's images, BERT classifiers ({@link BertClassifiers}) for text data,
 * span question-answering BERTs ({@link BertQuestionAnswerers}) for {@code squad}.
 */
public final class ModelFactory {
    private final ExperimentConfig config;
    private final MiniLmAssets textAssets;

    @Inject
    public ModelFactory(ExperimentConfig config, MiniLmAssets textAssets) {
        this.config = config;
        this.textAssets = textAssets;
    }

    /** A new model for {@code name}, with as many classes as {@code train} has. */
    public Model build(String name, Dataset train) {
        if (config.data().isQuestionAnswering()) {
            return new BertQuestionAnswerers(config.bert().orElseThrow(), textAssets).build(name, config.seed());
        }
        if (config.data().isText()) {
            return new BertClassifiers(config.bert().orElseThrow(), textAssets).build(name, train.numClasses(),
                    config.seed());
        }
        long[] shape = train.featureShape();
        return ModelZoo.build(new ModelZoo.ModelSpec(name, (int) shape[0], (int) shape[1], (int) shape[2],
                train.numClasses(), DataType.FLOAT, config.seed()));
    }
}

package org.cram.experiments.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.models.bert.BertConfig;
import org.cram.models.bert.BertForQuestionAnswering;
import org.cram.models.bert.BertInit;
import org.cram.models.bert.PruningScope;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the span question-answering models of a SQuAD experiment ({@link BertForQuestionAnswering}):
 * {@code minilm-l6} is the pretrained all-MiniLM-L6-v2 encoder with a fresh, seeded {@code qa_outputs} head;
 * {@code bert} a randomly initialized BERT of the config's geometry (as {@link BertClassifiers} builds it). The same
 * seed gives the same initial model, so every optimizer arm starts from the same point.
 */
public final class BertQuestionAnswerers {
    private final ExperimentConfig.Bert config;
    private final MiniLmAssets assets;

    public BertQuestionAnswerers(ExperimentConfig.Bert config, MiniLmAssets assets) {
        this.config = config;
        this.assets = assets;
    }

    /** A new model; {@code name} is one of {@link ExperimentConfig.Bert#MODELS}. */
    public BertForQuestionAnswering build(String name, long seed) {
        PruningScope scope = BertClassifiers.scope(config);
        return switch (name) {
            case ExperimentConfig.Bert.MINILM -> {
                BertConfig c = BertConfig.miniLmL6();
                BertForQuestionAnswering model = new BertForQuestionAnswering(name, c, scope, DataType.FLOAT,
                        BertInit.normal(seed, c.initializerRange()));
                try {
                    assets.weights().loadInto(model.encoder());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load " + MiniLmAssets.MODEL_RESOURCE, e);
                }
                yield model;
            }
            case ExperimentConfig.Bert.RANDOM -> {
                BertConfig c = BertClassifiers.randomConfig(config, assets);
                yield new BertForQuestionAnswering(name, c, scope, DataType.FLOAT,
                        BertInit.normal(seed, c.initializerRange()));
            }
            default -> throw new IllegalArgumentException("unknown text model '" + name + "'; known: "
                    + ExperimentConfig.Bert.MODELS);
        };
    }
}

package org.cram.experiments.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.models.bert.BertConfig;
import org.cram.models.bert.BertForSequenceClassification;
import org.cram.models.bert.BertInit;
import org.cram.models.bert.Pooling;
import org.cram.models.bert.PruningScope;
import org.cram.models.io.StateDict;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the sequence classifiers of a text experiment: {@code minilm-l6} is the pretrained all-MiniLM-L6-v2
 * encoder (from {@link MiniLmAssets}) with a fresh, seeded classification head; {@code bert} is a randomly
 * initialized BERT of the config's geometry, with the tokenizer's vocabulary and {@code max_length} positions.
 * The same seed gives the same initial model, so every optimizer arm starts from the same point.
 */
public final class BertClassifiers {
    private final ExperimentConfig.Bert config;
    private final MiniLmAssets assets;

    public BertClassifiers(ExperimentConfig.Bert config, MiniLmAssets assets) {
        this.config = config;
        this.assets = assets;
    }

    /** A new classifier; {@code name} is one of {@link ExperimentConfig.Bert#MODELS}. */
    public BertForSequenceClassification build(String name, int numClasses, long seed) {
        Pooling pooling = pooling(config.pooling());
        PruningScope scope = scope(config);
        return switch (name) {
            case ExperimentConfig.Bert.MINILM -> pretrained(numClasses, pooling, scope, seed);
            case ExperimentConfig.Bert.RANDOM -> {
                BertConfig c = randomConfig(config, assets);
                yield new BertForSequenceClassification(name, c, numClasses, pooling, scope, DataType.FLOAT,
                        BertInit.normal(seed, c.initializerRange()));
            }
            default -> throw new IllegalArgumentException("unknown text model '" + name + "'; known: "
                    + ExperimentConfig.Bert.MODELS);
        };
    }

    private BertForSequenceClassification pretrained(int numClasses, Pooling pooling, PruningScope scope,
                                                     long seed) {
        BertConfig c = BertConfig.miniLmL6();
        BertForSequenceClassification model = new BertForSequenceClassification(ExperimentConfig.Bert.MINILM, c,
                numClasses, pooling, scope, DataType.FLOAT, BertInit.normal(seed, c.initializerRange()));
        try {
            StateDict.Report report = assets.weights().loadInto(model.parameters(), c);
            List<String> head = model.parameters().names().stream()
                    .filter(n -> n.startsWith("classifier.") || n.startsWith("pooler.")).toList();
            if (!head.containsAll(report.missing())) {
                throw new IllegalStateException(MiniLmAssets.MODEL_RESOURCE + " lacks encoder tensors "
                        + report.missing());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + MiniLmAssets.MODEL_RESOURCE, e);
        }
        return model;
    }

    /** The pruning scope a {@code bert} section names. */
    static PruningScope scope(ExperimentConfig.Bert config) {
        return PruningScope.valueOf(config.pruningScope().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The geometry of model {@code bert}: the section's sizes, the tokenizer's vocabulary, max-length positions. */
    static BertConfig randomConfig(ExperimentConfig.Bert config, MiniLmAssets assets) {
        ExperimentConfig.BertGeometry g = config.geometry().orElseThrow(() -> new IllegalArgumentException(
                "model 'bert' needs its geometry in the bert section"));
        return new BertConfig(assets.tokenizer().vocabSize(), g.hiddenSize(), g.layers(), g.heads(),
                g.intermediateSize(), config.maxLength(), 2, 1e-12, g.initStd());
    }

    static Pooling pooling(String name) {
        return switch (name) {
            case "mean" -> Pooling.MEAN;
            case "cls" -> Pooling.CLS;
            case "cls-pooler" -> Pooling.CLS_POOLER;
            default -> throw new IllegalArgumentException("unknown pooling '" + name + "'; allowed: "
                    + ExperimentConfig.Bert.POOLINGS);
        };
    }
}

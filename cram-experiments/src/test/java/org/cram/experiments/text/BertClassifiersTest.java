package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.cram.api.param.Parameter;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.models.bert.BertForSequenceClassification;
import org.cram.models.bert.Pooling;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pretrained minilm-l6 classifier as a text experiment builds it, and the pruning scopes it offers. */
class BertClassifiersTest {
    private static final MiniLmAssets ASSETS = new MiniLmAssets();

    @BeforeAll
    static void parseOnce() {
        ASSETS.weights();
    }

    private static BertForSequenceClassification minilm(String scope, long seed) {
        return new BertClassifiers(new ExperimentConfig.Bert(64, "mean", scope, 8, Optional.empty()), ASSETS)
                .build(ExperimentConfig.Bert.MINILM, 2, seed);
    }

    private static BertForSequenceClassification tiny(String scope, long seed) {
        return new BertClassifiers(new ExperimentConfig.Bert(16, "cls-pooler", scope, 8, Optional.of(
                new ExperimentConfig.BertGeometry(8, 1, 2, 16, 0.02))), ASSETS).build(ExperimentConfig.Bert.RANDOM, 3,
                seed);
    }

    private static List<String> prunable(BertForSequenceClassification m) {
        return m.parameters().asList().stream().filter(Parameter::isPrunable).map(Parameter::name).toList();
    }

    @Test
    void theDefaultScopePrunesTheEncodersThirtySixLinearWeightMatrices() {
        BertForSequenceClassification m = minilm("encoder-linear", 1);
        assertThat(m.pooling()).isEqualTo(Pooling.MEAN);
        assertThat(prunable(m)).hasSize(36).allSatisfy(n ->
                assertThat(n).startsWith("encoder.layer.").endsWith(".weight").doesNotContain("LayerNorm"));
        assertThat(m.parameters().prunableNumel()).isEqualTo(6L * (4 * 384 * 384 + 2 * 384 * 1536));
    }

    @Test
    void widerScopesAddTheHeadAndTheEmbeddings() {
        assertThat(prunable(tiny("encoder-linear", 1))).hasSize(6);
        assertThat(prunable(tiny("all-linear", 1))).hasSize(8).contains("classifier.weight", "pooler.dense.weight");
        assertThat(prunable(tiny("all-linear-and-embeddings", 1))).hasSize(11)
                .contains("embeddings.word_embeddings.weight");
        assertThat(tiny("encoder-linear", 1).parameters().get("embeddings.word_embeddings.weight").value()
                .shape()).containsExactly(ASSETS.tokenizer().vocabSize(), 8);
    }

    @Test
    void theEncoderIsPretrainedAndTheHeadIsSeeded() {
        BertForSequenceClassification a = minilm("encoder-linear", 5);
        BertForSequenceClassification c = minilm("encoder-linear", 6);
        String query = "encoder.layer.2.attention.self.query.weight";
        // pretrained weights, not the N(0, 0.02) initialization: their spread is far wider
        assertThat(a.parameters().get(query).value().stdNumber().doubleValue()).isGreaterThan(0.03);
        assertThat(a.parameters().get(query).value()).isEqualTo(c.parameters().get(query).value());
        assertThat(a.parameters().get("classifier.weight").value())
                .isNotEqualTo(c.parameters().get("classifier.weight").value());
        assertThat(tiny("encoder-linear", 5).parameters().get("classifier.weight").value())
                .isEqualTo(tiny("encoder-linear", 5).parameters().get("classifier.weight").value());
    }
}

package org.cram.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter counts, names, roles, prunability and output shapes of the BERT models. */
class BertStructureTest {
    private static final BertConfig TINY = new BertConfig(30, 8, 2, 2, 16, 16, 2, 1e-12, 0.02);

    @Test
    void bertBaseBuildsWithHuggingFacesParameterCount() {
        BertForSequenceClassification model = new BertForSequenceClassification("bert-base", BertConfig.bertBase(),
                2, Pooling.CLS_POOLER, PruningScope.ENCODER_LINEAR, DataType.FLOAT, BertInit.zeros());
        ParameterSet p = model.parameters();
        long classifier = 768L * 2 + 2;
        // BertModel (embeddings + 12 layers + pooler): 109,482,240
        assertThat(p.numel() - classifier).isEqualTo(109_482_240L);
        assertThat(BertConfig.bertBase().encoderParameterCount() + BertConfig.bertBase().poolerParameterCount())
                .isEqualTo(109_482_240L);
        assertThat(p.size()).isEqualTo(5 + 12 * 16 + 2 + 2);
        assertThat(p.prunableIndices()).hasSize(72);
        assertThat(p.prunableNumel()).isEqualTo(12L * (4 * 768 * 768 + 2 * 768 * 3072));
    }

    @Test
    void miniLmConfigurationCount() {
        assertThat(BertConfig.miniLmL6().encoderParameterCount()).isEqualTo(22_565_376L);
    }

    @Test
    void namesShapesAndRolesFollowHuggingFace() {
        BertForSequenceClassification model = new BertForSequenceClassification("tiny", TINY, 3, Pooling.CLS_POOLER,
                PruningScope.ENCODER_LINEAR, DataType.FLOAT, BertInit.normal(1, 0.02));
        List<Parameter> params = model.parameters().asList();
        Map<String, long[]> expected = new java.util.LinkedHashMap<>(BertNames.encoderShapes(TINY));
        expected.putAll(BertNames.poolerShapes(TINY));
        expected.put("classifier.weight", new long[] {3, 8});
        expected.put("classifier.bias", new long[] {3});
        assertThat(model.parameters().names()).containsExactlyElementsOf(expected.keySet());
        for (Parameter p : params) {
            assertThat(p.value().shape()).as(p.name()).containsExactly(expected.get(p.name()));
        }
        assertThat(params.get(0).name()).isEqualTo("embeddings.word_embeddings.weight");
        assertThat(params.get(0).role()).isEqualTo(ParameterRole.EMBEDDING);
        assertThat(params.get(0).isPrunable()).isFalse();
        // padding row (id 0) of the word embeddings is zero, as torch's padding_idx
        assertThat(params.get(0).value().getRow(0).sumNumber().doubleValue()).isZero();
        assertThat(model.parameters().get("encoder.layer.1.output.LayerNorm.weight").role())
                .isEqualTo(ParameterRole.NORMALIZATION);
        assertThat(model.parameters().get("encoder.layer.1.output.dense.bias").role()).isEqualTo(ParameterRole.BIAS);
        Parameter query = model.parameters().get("encoder.layer.0.attention.self.query.weight");
        assertThat(query.role()).isEqualTo(ParameterRole.WEIGHT);
        assertThat(query.isPrunable()).isTrue();
        assertThat(query.inputAxis()).isEqualTo(1);
        assertThat(model.parameters().prunableIndices()).hasSize(12);
        assertThat(model.parameters().get("classifier.weight").isPrunable()).isFalse();
        assertThat(model.parameters().get("pooler.dense.weight").isPrunable()).isFalse();

        BertForSequenceClassification all = new BertForSequenceClassification("tiny", TINY, 3, Pooling.CLS_POOLER,
                PruningScope.ALL_LINEAR_AND_EMBEDDINGS, DataType.FLOAT, BertInit.normal(1, 0.02));
        assertThat(all.parameters().prunableIndices()).hasSize(12 + 2 + 3);
        BertForSequenceClassification none = new BertForSequenceClassification("tiny", TINY, 3, Pooling.MEAN,
                PruningScope.NONE, DataType.FLOAT, BertInit.normal(1, 0.02));
        assertThat(none.parameters().prunableIndices()).isEmpty();
        assertThat(none.parameters().contains("pooler.dense.weight")).isFalse();

        BertForQuestionAnswering qa = new BertForQuestionAnswering("tiny-qa", TINY, PruningScope.ENCODER_LINEAR,
                DataType.FLOAT, BertInit.normal(1, 0.02));
        assertThat(qa.parameters().names()).endsWith("qa_outputs.weight", "qa_outputs.bias")
                .doesNotContain("pooler.dense.weight");
        assertThat(qa.parameters().get("qa_outputs.weight").value().shape()).containsExactly(2, 8);
    }

    @Test
    void outputShapes() {
        INDArray ids = Nd4j.createFromArray(new float[][] {{1, 5, 6, 2, 0, 0}, {1, 7, 8, 9, 4, 2}});
        INDArray mask = Nd4j.createFromArray(new int[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1}});
        Batch batch = new Batch(ids, new int[] {0, 1}, Map.of(Batch.ATTENTION_MASK, mask), Map.of());
        for (Pooling pooling : Pooling.values()) {
            BertForSequenceClassification cls = new BertForSequenceClassification("tiny", TINY, 3, pooling,
                    PruningScope.ENCODER_LINEAR, DataType.FLOAT, BertInit.normal(2, 0.02));
            assertThat(cls.output(batch, ForwardMode.EVAL).shape()).containsExactly(2, 3);
            assertThat(cls.output(ids, ForwardMode.EVAL).shape()).containsExactly(2, 3);
            assertThat(cls.hasBatchNorm()).isFalse();
            assertThat(cls.batchNormStatistics()).isEmpty();
        }
        BertForQuestionAnswering qa = new BertForQuestionAnswering("tiny-qa", TINY, PruningScope.ENCODER_LINEAR,
                DataType.FLOAT, BertInit.normal(3, 0.02));
        INDArray logits = qa.output(batch, ForwardMode.EVAL);
        assertThat(logits.shape()).containsExactly(2, 2, 6);
        // TRAIN and EVAL forwards agree (no dropout, no batch norm)
        assertThat(qa.output(batch, ForwardMode.TRAIN)).isEqualTo(logits);
    }

    @Test
    void invalidInputsAreNamed() {
        assertThatThrownBy(() -> BertInputs.of(Nd4j.createFromArray(new int[][] {{1, 30}}), null, null, TINY))
                .hasMessageContaining("token id 30.0 at [0, 1] is not an integer in [0, 30)");
        assertThatThrownBy(() -> BertInputs.of(Nd4j.createFromArray(new int[][] {{1, 2}}),
                Nd4j.createFromArray(new int[][] {{0, 2}}), null, TINY))
                .hasMessageContaining("token type id 2.0 at [0, 1]");
        assertThatThrownBy(() -> BertInputs.of(Nd4j.createFromArray(new int[][] {{1, 2}}), null,
                Nd4j.createFromArray(new float[][] {{1, 0.5f}}), TINY))
                .hasMessageContaining("attention mask value 0.5 at [0, 1]");
        assertThatThrownBy(() -> BertInputs.of(Nd4j.zeros(DataType.INT32, 1, 17), null, null, TINY))
                .hasMessageContaining("sequence length 17 exceeds max positions 16");
        assertThatThrownBy(() -> new BertConfig(30, 10, 1, 3, 8, 8, 2, 1e-12, 0.02))
                .hasMessageContaining("hiddenSize 10 is not a multiple of numHeads 3");
    }
}

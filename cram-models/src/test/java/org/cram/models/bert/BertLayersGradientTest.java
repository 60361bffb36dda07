package org.cram.models.bert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every BERT layer's backward against central finite differences in double, for all parameters and the input. */
class BertLayersGradientTest {
    private static final DataType D = DataType.DOUBLE;
    private static final BertConfig TINY = new BertConfig(30, 8, 2, 2, 12, 16, 2, 1e-12, 0.5);
    /** Two sequences of length 5; the second has two padding positions. */
    private static final INDArray MASK = Nd4j.createFromArray(new int[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});

    private static final int ALL = Integer.MAX_VALUE;

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void linearOverThreeDimensionalInput() {
        Linear layer = new Linear("lin", 4, 3, true, D, BertInit.normal(1, 0.5));
        FiniteDifferences.randomize(layer.parameters(), random, 0.7);
        INDArray x = FiniteDifferences.random(random, 1.0, 2, 5, 4);
        String report = FiniteDifferences.check(layer.parameters(), x, () -> layer.forward(x, ForwardMode.TRAIN),
                layer::backward, random, ALL);
        assertThat(report).isEmpty();
    }

    @Test
    void layerNorm() {
        LayerNorm layer = new LayerNorm("ln", 6, 1e-12, D);
        FiniteDifferences.randomize(layer.parameters(), random, 1.5);
        INDArray x = FiniteDifferences.random(random, 2.0, 2, 3, 6);
        String report = FiniteDifferences.check(layer.parameters(), x, () -> layer.forward(x, ForwardMode.TRAIN),
                layer::backward, random, ALL);
        assertThat(report).isEmpty();
    }

    @Test
    void geluWithErf() {
        Gelu layer = new Gelu();
        INDArray x = FiniteDifferences.random(random, 3.0, 2, 3, 4);
        String report = FiniteDifferences.check(List.of(), x, () -> layer.forward(x, ForwardMode.TRAIN),
                layer::backward, random, ALL);
        assertThat(report).isEmpty();
        // exact values: GELU(1) = 0.8413447460685429, GELU(-2) = -0.04550026389635842 (x * Phi(x))
        INDArray y = new Gelu().forward(Nd4j.createFromArray(1.0, -2.0, 0.0), ForwardMode.EVAL);
        assertThat(y.getDouble(0)).isCloseTo(0.8413447460685429, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(y.getDouble(1)).isCloseTo(-0.04550026389635842, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(y.getDouble(2)).isZero();
    }

    @Test
    void embeddingsScatterIntoTheUsedRowsIncludingRepeatedIds() {
        BertEmbeddings layer = new BertEmbeddings("embeddings", TINY, false, D, BertInit.normal(2, 0.5));
        FiniteDifferences.randomize(layer.parameters(), random, 0.8);
        INDArray ids = Nd4j.createFromArray(new int[][] {{1, 7, 7, 3, 29}, {1, 0, 7, 0, 0}});
        INDArray types = Nd4j.createFromArray(new int[][] {{0, 0, 0, 1, 1}, {0, 0, 1, 1, 1}});
        String report = FiniteDifferences.check(layer.parameters(), null,
                () -> layer.forward(ids, types, ForwardMode.TRAIN), (g, slots) -> {
                    layer.backward(g, slots);
                    return null;
                }, random, 24);
        assertThat(report).isEmpty();
    }

    @Test
    void selfAttentionWithPaddingMask() {
        SelfAttention layer = new SelfAttention("att", TINY, true, D, BertInit.normal(3, 0.5));
        FiniteDifferences.randomize(layer.parameters(), random, 0.6);
        INDArray x = FiniteDifferences.random(random, 1.0, 2, 5, 8);
        AttentionMask mask = AttentionMask.of(MASK, D);
        String report = FiniteDifferences.check(layer.parameters(), x,
                () -> layer.forward(x, mask, ForwardMode.TRAIN), layer::backward, random, ALL);
        assertThat(report).isEmpty();
    }

    @Test
    void paddedKeysGetNoAttentionAndDoNotChangeRealPositions() {
        SelfAttention layer = new SelfAttention("att", TINY, true, D, BertInit.normal(4, 0.5));
        INDArray x = FiniteDifferences.random(random, 1.0, 2, 5, 8);
        AttentionMask mask = AttentionMask.of(MASK, D);
        INDArray before = layer.forward(x, mask, ForwardMode.EVAL).dup();
        // changing the padded tokens' inputs must not change what the real tokens of row 1 see
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(5.0);
        INDArray after = layer.forward(x, mask, ForwardMode.EVAL);
        for (int t = 0; t < 3; t++) {
            for (int c = 0; c < 8; c++) {
                assertThat(after.getDouble(1, t, c)).isCloseTo(before.getDouble(1, t, c),
                        org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void encoderLayerWithPaddingMask() {
        BertLayer layer = new BertLayer("encoder.layer.0", TINY, true, D, BertInit.normal(5, 0.5));
        FiniteDifferences.randomize(layer.parameters(), random, 0.6);
        INDArray x = FiniteDifferences.random(random, 1.0, 2, 5, 8);
        AttentionMask mask = AttentionMask.of(MASK, D);
        String report = FiniteDifferences.check(layer.parameters(), x,
                () -> layer.forward(x, mask, ForwardMode.TRAIN), layer::backward, random, ALL);
        assertThat(report).isEmpty();
        assertThat(layer.parameters()).extracting(Parameter::name).containsExactly(
                "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.query.bias",
                "encoder.layer.0.attention.self.key.weight", "encoder.layer.0.attention.self.key.bias",
                "encoder.layer.0.attention.self.value.weight", "encoder.layer.0.attention.self.value.bias",
                "encoder.layer.0.attention.output.dense.weight", "encoder.layer.0.attention.output.dense.bias",
                "encoder.layer.0.attention.output.LayerNorm.weight", "encoder.layer.0.attention.output.LayerNorm.bias",
                "encoder.layer.0.intermediate.dense.weight", "encoder.layer.0.intermediate.dense.bias",
                "encoder.layer.0.output.dense.weight", "encoder.layer.0.output.dense.bias",
                "encoder.layer.0.output.LayerNorm.weight", "encoder.layer.0.output.LayerNorm.bias");
    }

    @Test
    void poolerAndMeanPooling() {
        BertPooler pooler = new BertPooler("pooler", 8, false, D, BertInit.normal(6, 0.5));
        FiniteDifferences.randomize(pooler.parameters(), random, 0.6);
        INDArray h = FiniteDifferences.random(random, 1.0, 2, 5, 8);
        assertThat(FiniteDifferences.check(pooler.parameters(), h, () -> pooler.forward(h, ForwardMode.TRAIN),
                pooler::backward, random, ALL)).isEmpty();

        MeanPooling mean = new MeanPooling();
        assertThat(FiniteDifferences.check(List.of(), h, () -> mean.forward(h, MASK),
                (g, slots) -> mean.backward(g), random, ALL)).isEmpty();
        INDArray pooled = mean.forward(h, MASK);
        INDArray expected = h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .mean(0);
        for (int c = 0; c < 8; c++) {
            assertThat(pooled.getDouble(1, c)).isCloseTo(expected.getDouble(c),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}

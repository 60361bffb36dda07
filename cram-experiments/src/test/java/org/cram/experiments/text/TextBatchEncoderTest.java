package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.TensorSet;
import org.cram.models.bert.BertConfig;
import org.cram.models.bert.BertForSequenceClassification;
import org.cram.models.bert.BertInit;
import org.cram.models.bert.Pooling;
import org.cram.models.bert.PruningScope;
import org.cram.models.text.Truncation;
import org.cram.models.text.WordPieceTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Text examples to BERT batches with the all-MiniLM-L6-v2 (bert-base-uncased) tokenizer. */
class TextBatchEncoderTest {
    static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TextBatchEncoderTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            assertThat(in).as("tokenizer.json on the test class path").isNotNull();
            tokenizer = WordPieceTokenizer.fromJson(in, "all-minilm-l6-v2-tokenizer.json");
        }
    }

    /** The shared tokenizer, loaded on first use. */
    static WordPieceTokenizer tokenizerForTests() throws IOException {
        if (tokenizer == null) {
            load();
        }
        return tokenizer;
    }

    @Test
    void padsToTheLongestExampleWithMaskAndTokenTypes() {
        TextBatchEncoder encoder = new TextBatchEncoder(tokenizer, 32, Truncation.LONGEST_FIRST, false);
        Batch b = encoder.encode(List.of("A man is eating food.", "Hello"), null, new int[] {1, 0});
        assertThat(b.features().shape()).containsExactly(2, 8);
        assertThat(b.features().dataType()).isEqualTo(DataType.INT32);
        assertThat(b.features().getRow(0).toIntVector()).containsExactly(101, 1037, 2158, 2003, 5983, 2833, 1012,
                102);
        assertThat(b.features().getRow(1).toIntVector()).containsExactly(101, 7592, 102, 0, 0, 0, 0, 0);
        assertThat(b.input(Batch.ATTENTION_MASK).getRow(1).toIntVector()).containsExactly(1, 1, 1, 0, 0, 0, 0, 0);
        assertThat(b.input(Batch.TOKEN_TYPE_IDS).sumNumber().intValue()).isZero();
        assertThat(b.labels()).containsExactly(1, 0);

        Batch pairs = encoder.encode(List.of("How old are you?"), List.of("I am 6."), new int[] {2});
        assertThat(pairs.input(Batch.TOKEN_TYPE_IDS).getRow(0).toIntVector())
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    }

    @Test
    void fixedLengthPaddingAndTruncation() {
        TextBatchEncoder encoder = new TextBatchEncoder(tokenizer, 6, Truncation.LONGEST_FIRST, true);
        Batch b = encoder.encode(List.of("the quick brown fox jumps over the lazy dog", "dog"), null,
                new int[] {0, 1});
        assertThat(b.features().shape()).containsExactly(2, 6);
        assertThat(b.features().getRow(0).toIntVector()[5]).isEqualTo(102);
        assertThat(b.input(Batch.ATTENTION_MASK).getRow(1).toIntVector()).containsExactly(1, 1, 1, 0, 0, 0);
        assertThatThrownBy(() -> encoder.encode(List.of("a", "b"), null, new int[] {0}))
                .hasMessageContaining("2 texts, 0 pairs and 1 labels");
    }

    @Test
    void batchesDriveABertClassifier() {
        TextBatchEncoder encoder = new TextBatchEncoder(tokenizer, 16, Truncation.LONGEST_FIRST, false);
        Batch b = encoder.encode(Arrays.asList("great product, would buy again", "awful", "it is fine"),
                Arrays.asList(null, null, "really"), new int[] {1, 0, 1});
        BertConfig config = new BertConfig(tokenizer.vocabSize(), 8, 1, 2, 16, 32, 2, 1e-12, 0.02);
        Model model = new BertForSequenceClassification("tiny", config, 2, Pooling.MEAN, PruningScope.ENCODER_LINEAR,
                DataType.FLOAT, BertInit.normal(1, 0.02));
        INDArray logits = model.output(b, ForwardMode.EVAL);
        assertThat(logits.shape()).containsExactly(3, 2);
        Model.LossResult r = model.lossAndGradients(b, TensorSet.zerosLike(model.parameters()), ForwardMode.TRAIN);
        assertThat(r.loss()).isBetween(0.5, 1.0);
        assertThat(r.count()).isEqualTo(3);
    }
}

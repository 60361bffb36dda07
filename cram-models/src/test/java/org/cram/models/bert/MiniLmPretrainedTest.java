package org.cram.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.models.io.StateDict;
import org.cram.models.text.Encoding;
import org.cram.models.text.WordPieceTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The real all-MiniLM-L6-v2 weights (ONNX, from the langchain4j artifact on the test class path) in our encoder,
 * used as sentence-transformers users do: mean pooling over the attention mask, L2 normalization, cosine
 * similarity. The 90 MB model is parsed once for the whole class.
 */
class MiniLmPretrainedTest {
    private static final String MODEL = "/all-minilm-l6-v2.onnx";
    private static OnnxBertWeights weights;
    private static WordPieceTokenizer tokenizer;
    private static BertEncoder encoder;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MiniLmPretrainedTest.class.getResourceAsStream(MODEL)) {
            assertThat(in).as("%s on the test class path", MODEL).isNotNull();
            weights = OnnxBertWeights.read(in, MODEL, OnnxBertWeights.MAX_BYTES);
        }
        try (InputStream in = MiniLmPretrainedTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            tokenizer = WordPieceTokenizer.fromJson(in, "all-minilm-l6-v2-tokenizer.json");
        }
        encoder = new BertEncoder(BertConfig.miniLmL6(), PruningScope.ENCODER_LINEAR, DataType.FLOAT,
                BertInit.zeros());
        StateDict.Report report = weights.loadInto(encoder);
        assertThat(report.missing()).isEmpty();
        assertThat(report.loaded()).hasSize(encoder.parameters().size());
    }

    @Test
    void configurationAndParameterCountMatchTheExport() throws IOException {
        assertThat(weights.inferConfig(12)).isEqualTo(BertConfig.miniLmL6());
        long count = encoder.parameters().stream().mapToLong(Parameter::numel).sum();
        assertThat(count).isEqualTo(22_565_376L).isEqualTo(BertConfig.miniLmL6().encoderParameterCount());
        assertThat(weights.hasPooler()).isFalse();
        assertThat(encoder.parameters().stream().filter(Parameter::isPrunable).count()).isEqualTo(36);
        // a transposed anonymous MatMul weight lands in [out, in]
        assertThat(encoder.parameters().get(5).name()).isEqualTo("encoder.layer.0.attention.self.query.weight");
        assertThat(encoder.parameters().get(5).value().shape()).containsExactly(384, 384);
    }

    @Test
    void aTaskModelTakesTheEncoderWeightsAndKeepsItsHead() throws IOException {
        BertForSequenceClassification model = new BertForSequenceClassification("minilm-cls", BertConfig.miniLmL6(),
                2, Pooling.MEAN, PruningScope.ENCODER_LINEAR, DataType.FLOAT, BertInit.zeros());
        StateDict.Report report = weights.loadInto(model.parameters(), BertConfig.miniLmL6());
        assertThat(report.missing()).containsExactly("classifier.weight", "classifier.bias");
        assertThat(report.loaded()).hasSize(encoder.parameters().size());
        assertThat(model.parameters().get("encoder.layer.3.output.dense.weight").value())
                .isEqualTo(encoder.parameters().get(5 + 3 * 16 + 12).value());
    }

    @Test
    void sentenceEmbeddingsHaveTheExpectedSimilarities() {
        double related = cosine("A man is eating food.", "A man is eating a piece of bread.");
        double unrelated = cosine("The new movie is awesome.", "The cat sits outside.");
        System.out.printf("all-MiniLM-L6-v2 cosines: related %.4f, unrelated %.4f%n", related, unrelated);
        assertThat(related).isGreaterThan(0.7);
        assertThat(unrelated).isLessThan(0.3);
    }

    @Test
    void paddingDoesNotChangeAnEmbedding() {
        INDArray alone = embed(List.of("A man is eating food."));
        INDArray withLonger = embed(List.of("A man is eating food.",
                "A much longer sentence that forces the first one to be padded with several tokens."));
        for (int c = 0; c < 384; c++) {
            assertThat(withLonger.getDouble(0, c)).isCloseTo(alone.getDouble(0, c),
                    org.assertj.core.data.Offset.offset(2e-5));
        }
    }

    @Test
    void truncatedAndMalformedFilesFailNamingTheFile(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("truncated.onnx");
        try (InputStream in = MiniLmPretrainedTest.class.getResourceAsStream(MODEL);
             OutputStream out = Files.newOutputStream(truncated)) {
            out.write(in.readNBytes(3_000_001));
        }
        assertThatThrownBy(() -> OnnxBertWeights.read(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated or not an ONNX model");
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a protobuf", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OnnxBertWeights.read(text)).isInstanceOf(IOException.class)
                .hasMessageContaining(text.toString());
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> OnnxBertWeights.read(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("no graph initializers");
    }

    @Test
    void shapeMismatchesNameTheTensorAndBothShapes() {
        BertConfig smallerVocab = new BertConfig(30000, 384, 6, 12, 1536, 512, 2, 1e-12, 0.02);
        assertThatThrownBy(() -> weights.tensors(smallerVocab, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'embeddings.word_embeddings.weight' has shape [30522, 384]")
                .hasMessageContaining("[30000, 384]").hasMessageContaining(MODEL);
        BertConfig widerFfn = new BertConfig(30522, 384, 6, 12, 1024, 512, 2, 1e-12, 0.02);
        assertThatThrownBy(() -> weights.tensors(widerFfn, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoder.layer.0.intermediate.dense.weight")
                .hasMessageContaining("[384, 1536]").hasMessageContaining("[384, 1024]");
        assertThatThrownBy(() -> weights.tensors(BertConfig.miniLmL6().withLayers(4), DataType.FLOAT))
                .isInstanceOf(IOException.class).hasMessageContaining("expected 24 anonymous MatMul weight matrices")
                .hasMessageContaining("found 36");
    }

    private static double cosine(String a, String b) {
        INDArray e = embed(List.of(a, b));
        return e.getRow(0).mul(e.getRow(1)).sumNumber().doubleValue();
    }

    /** Mean-pooled, L2-normalized sentence embeddings {@code [n, 384]}. */
    static INDArray embed(List<String> sentences) {
        List<Encoding> encodings = sentences.stream().map(tokenizer::encode).toList();
        int len = encodings.stream().mapToInt(Encoding::length).max().orElseThrow();
        int[][] ids = new int[sentences.size()][];
        int[][] mask = new int[sentences.size()][];
        for (int i = 0; i < ids.length; i++) {
            Encoding e = tokenizer.pad(encodings.get(i), len);
            ids[i] = e.ids();
            mask[i] = e.attentionMask();
        }
        BertInputs inputs = BertInputs.of(Nd4j.createFromArray(ids), null, Nd4j.createFromArray(mask),
                encoder.config());
        INDArray hidden = encoder.forward(inputs, ForwardMode.EVAL);
        INDArray pooled = new MeanPooling().forward(hidden, inputs.attentionMask()).dup();
        INDArray norms = pooled.norm2(1).reshape(pooled.size(0), 1);
        return pooled.diviColumnVector(norms);
    }
}

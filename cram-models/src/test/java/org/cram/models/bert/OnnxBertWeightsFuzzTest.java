package org.cram.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.cram.api.testing.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Hostile ONNX files: a tiny BERT export, mutated, ends in weights or an {@link IOException} /
 * {@link IllegalArgumentException} naming the file; dims claiming huge tensors fail before allocating.
 */
@Timeout(60)
class OnnxBertWeightsFuzzTest {
    private static final BertConfig TINY = new BertConfig(5, 4, 1, 2, 8, 6, 2, 1e-12, 0.02);

    private static OnnxMl.TensorProto tensor(String name, long[] dims, boolean raw) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        if (raw) {
            ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putFloat(i * 0.01f);
            }
            t.setRawData(ByteString.copyFrom(b.array()));
        } else {
            for (int i = 0; i < n; i++) {
                t.addFloatData(i * 0.01f);
            }
        }
        return t.build();
    }

    /** The tiny model as PyTorch exports it: named biases and norms, anonymous {@code [in, out]} MatMul weights. */
    static byte[] tinyModel(BertConfig config) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny");
        int anonymous = 0;
        boolean raw = true;
        for (Map.Entry<String, long[]> e : BertNames.encoderShapes(config).entrySet()) {
            long[] shape = e.getValue();
            raw = !raw;
            if (e.getKey().endsWith(".weight") && shape.length == 2 && e.getKey().startsWith("encoder.")) {
                String name = "onnx::MatMul_" + (100 + anonymous++);
                g.addInitializer(tensor(name, new long[] {shape[1], shape[0]}, raw));
                g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput("x" + anonymous)
                        .addInput(name).addOutput("y" + anonymous));
            } else {
                g.addInitializer(tensor(e.getKey(), shape, raw));
            }
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g).build().toByteArray();
    }

    private static Object readAll(byte[] bytes, String source) throws IOException {
        OnnxBertWeights w = OnnxBertWeights.read(new ByteArrayInputStream(bytes), source, bytes.length);
        BertConfig config = w.inferConfig(2);
        return w.tensors(config, DataType.FLOAT);
    }

    @Test
    void theTinyExportReadsWithItsConfiguration() throws IOException {
        byte[] bytes = tinyModel(TINY);
        OnnxBertWeights w = OnnxBertWeights.read(new ByteArrayInputStream(bytes), "tiny.onnx", bytes.length);
        assertThat(w.inferConfig(2)).isEqualTo(TINY);
        assertThat(w.tensors(TINY, DataType.FLOAT)).hasSize(BertNames.encoderShapes(TINY).size());
    }

    @Test
    void mutatedExportsAreReadOrRejectedNamingTheFile() {
        Fuzz.Report r = Fuzz.reader("ONNX initializers").seed(81).cases(2500).inputs(List.of(tinyModel(TINY)))
                .rejectsWith(IOException.class, IllegalArgumentException.class).messageNames("fuzz.onnx")
                .run(bytes -> readAll(bytes, "fuzz.onnx"));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void embeddingDimsNotBackedByDataAreRejectedBeforeAModelIsSizedFromThem() {
        OnnxMl.GraphProto.Builder g = OnnxMl.ModelProto.newBuilder().getGraphBuilder();
        byte[] good = tinyModel(TINY);
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(good);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        g.mergeFrom(model.getGraph());
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals("embeddings.word_embeddings.weight")) {
                g.setInitializer(i, g.getInitializer(i).toBuilder().setDims(0, 1_000_000_000L));
            }
        }
        byte[] liar = model.toBuilder().setGraph(g).build().toByteArray();
        assertThatThrownBy(() -> OnnxBertWeights.read(new ByteArrayInputStream(liar), "liar.onnx", liar.length)
                .inferConfig(2))
                .isInstanceOf(IOException.class).hasMessageContaining("liar.onnx")
                .hasMessageContaining("embeddings.word_embeddings.weight").hasMessageContaining("4000000000");
    }
}

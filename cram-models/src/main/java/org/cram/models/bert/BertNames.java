package org.cram.models.bert;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hugging Face's parameter names and torch shapes of a BERT encoder, in state-dict order. */
final class BertNames {
    /** The six weight matrices of a layer in the order an ONNX export uses them: Q, K, V, attention out, FFN. */
    static final String[] LAYER_MATRICES = {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"};

    private BertNames() {
    }

    /** Name to shape ({@code [out, in]} for linear weights) of every encoder parameter, without pooler. */
    static Map<String, long[]> encoderShapes(BertConfig c) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("embeddings.word_embeddings.weight", new long[] {c.vocabSize(), h});
        m.put("embeddings.position_embeddings.weight", new long[] {c.maxPositions(), h});
        m.put("embeddings.token_type_embeddings.weight", new long[] {c.typeVocabSize(), h});
        m.put("embeddings.LayerNorm.weight", new long[] {h});
        m.put("embeddings.LayerNorm.bias", new long[] {h});
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            linear(m, p + "attention.self.query", h, h);
            linear(m, p + "attention.self.key", h, h);
            linear(m, p + "attention.self.value", h, h);
            linear(m, p + "attention.output.dense", h, h);
            m.put(p + "attention.output.LayerNorm.weight", new long[] {h});
            m.put(p + "attention.output.LayerNorm.bias", new long[] {h});
            linear(m, p + "intermediate.dense", h, i);
            linear(m, p + "output.dense", i, h);
            m.put(p + "output.LayerNorm.weight", new long[] {h});
            m.put(p + "output.LayerNorm.bias", new long[] {h});
        }
        return m;
    }

    /** Name to shape of the pooler's dense layer. */
    static Map<String, long[]> poolerShapes(BertConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        linear(m, "pooler.dense", c.hiddenSize(), c.hiddenSize());
        return m;
    }

    private static void linear(Map<String, long[]> m, String name, long in, long out) {
        m.put(name + ".weight", new long[] {out, in});
        m.put(name + ".bias", new long[] {out});
    }
}

package org.cram.models.bert;

/**
 * The geometry of a BERT encoder, with Hugging Face's names in mind ({@code vocab_size}, {@code hidden_size},
 * {@code num_hidden_layers}, {@code num_attention_heads}, {@code intermediate_size}, {@code max_position_embeddings},
 * {@code type_vocab_size}, {@code layer_norm_eps}, {@code initializer_range}).
 *
 * <p>Dropout is deliberately absent: every layer here is deterministic, so a training step's gradients depend only
 * on the parameters and the batch (what CrAM's two gradient calls per step and the bit-reproducibility tests need),
 * and {@code TRAIN} and {@code EVAL} forwards are identical. The activation is GELU with erf, as {@code "gelu"} in
 * Hugging Face BERT.
 *
 * @param vocabSize         word-piece vocabulary size
 * @param hiddenSize        width of every hidden state
 * @param numLayers         number of encoder layers
 * @param numHeads          attention heads per layer; must divide {@code hiddenSize}
 * @param intermediateSize  width of the feed-forward inner layer
 * @param maxPositions      number of learned position embeddings (longest sequence)
 * @param typeVocabSize     number of token-type (segment) embeddings
 * @param layerNormEps      epsilon of every layer norm ({@code 1e-12} for BERT)
 * @param initializerRange  standard deviation of the normal initialization of weights and embeddings
 */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
                         int maxPositions, int typeVocabSize, double layerNormEps, double initializerRange) {

    public BertConfig {
        positive("vocabSize", vocabSize);
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        positive("numHeads", numHeads);
        positive("intermediateSize", intermediateSize);
        positive("maxPositions", maxPositions);
        positive("typeVocabSize", typeVocabSize);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is not a multiple of numHeads "
                    + numHeads);
        }
        if (!(layerNormEps > 0) || !Double.isFinite(layerNormEps)) {
            throw new IllegalArgumentException("layerNormEps must be positive and finite, got " + layerNormEps);
        }
        if (!(initializerRange >= 0) || !Double.isFinite(initializerRange)) {
            throw new IllegalArgumentException("initializerRange must be >= 0 and finite, got " + initializerRange);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** bert-base-uncased: 12 layers, hidden 768, 12 heads, FFN 3072, vocabulary 30522, 512 positions, 2 types. */
    public static BertConfig bertBase() {
        return new BertConfig(30522, 768, 12, 12, 3072, 512, 2, 1e-12, 0.02);
    }

    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536, bert-base vocabulary. */
    public static BertConfig miniLmL6() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0.02);
    }

    /** A copy with a different number of layers. */
    public BertConfig withLayers(int layers) {
        return new BertConfig(vocabSize, hiddenSize, layers, numHeads, intermediateSize, maxPositions, typeVocabSize,
                layerNormEps, initializerRange);
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** Parameters of the embeddings: word, position and token-type tables plus their layer norm. */
    public long embeddingParameterCount() {
        long h = hiddenSize;
        return ((long) vocabSize + maxPositions + typeVocabSize) * h + 2 * h;
    }

    /** Parameters of one encoder layer: Q, K, V, attention output, two layer norms, FFN in and out. */
    public long layerParameterCount() {
        long h = hiddenSize;
        long i = intermediateSize;
        return 4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h;
    }

    /** Parameters of the pooler (dense {@code hidden -> hidden} with bias). */
    public long poolerParameterCount() {
        long h = hiddenSize;
        return h * h + h;
    }

    /** Parameters of the encoder without pooler: embeddings plus all layers (Hugging Face's BertModel minus pooler). */
    public long encoderParameterCount() {
        return embeddingParameterCount() + numLayers * layerParameterCount();
    }
}

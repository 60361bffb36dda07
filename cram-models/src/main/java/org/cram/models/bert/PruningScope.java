package org.cram.models.bert;

/**
 * Which BERT tensors compressors may change. Biases and layer-norm parameters are never prunable.
 */
public enum PruningScope {
    /** Nothing is prunable. */
    NONE,
    /** The six weight matrices of every encoder layer (Q, K, V, attention output, FFN in, FFN out): the default. */
    ENCODER_LINEAR,
    /** Every linear weight: the encoder's plus the pooler's and the task head's. */
    ALL_LINEAR,
    /** Every linear weight and the three embedding tables. */
    ALL_LINEAR_AND_EMBEDDINGS;

    boolean encoderLinear() {
        return this != NONE;
    }

    boolean headLinear() {
        return this == ALL_LINEAR || this == ALL_LINEAR_AND_EMBEDDINGS;
    }

    boolean embeddings() {
        return this == ALL_LINEAR_AND_EMBEDDINGS;
    }
}

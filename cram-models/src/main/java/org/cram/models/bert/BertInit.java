package org.cram.models.bert;

import org.cram.models.nn.Initializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a new BERT's tensors are filled: either Hugging Face's {@code BertPreTrainedModel._init_weights} scheme, seeded
 * Java-side (weights and embeddings N(0, std), the padding token's embedding row zero, biases 0, layer-norm scale 1 and
 * shift 0), or zeros (with layer-norm scale 1) for a model whose weights are about to be loaded.
 */
public final class BertInit {
    private final Initializer random;
    private final double std;

    private BertInit(Initializer random, double std) {
        this.random = random;
        this.std = std;
    }

    /** Hugging Face's scheme with the given standard deviation (its {@code initializer_range}, 0.02 for BERT). */
    public static BertInit normal(long seed, double std) {
        if (!(std >= 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("initialization std must be >= 0 and finite, got " + std);
        }
        return new BertInit(new Initializer(seed), std);
    }

    /** Zeros everywhere except layer-norm scales (1): the cheap start for a model that loads pretrained weights. */
    public static BertInit zeros() {
        return new BertInit(null, 0);
    }

    /** A weight matrix or embedding table. */
    INDArray weight(DataType type, long... shape) {
        if (random == null) {
            return Nd4j.create(type, shape, 'c');
        }
        return random.normal(type, std, shape);
    }

    /** An embedding table whose {@code paddingRow} (or none if negative) is zero, as torch's padding_idx. */
    INDArray embedding(DataType type, long rows, long cols, int paddingRow) {
        INDArray table = weight(type, rows, cols);
        if (paddingRow >= 0 && paddingRow < rows) {
            table.getRow(paddingRow).assign(0);
        }
        return table;
    }

    static INDArray zerosOf(DataType type, long... shape) {
        return Nd4j.create(type, shape, 'c');
    }

    static INDArray onesOf(DataType type, long... shape) {
        return Nd4j.create(type, shape, 'c').assign(1.0);
    }
}

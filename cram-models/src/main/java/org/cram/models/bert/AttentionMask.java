package org.cram.models.bert;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The additive attention mask of Hugging Face BERT in fp32: {@code (1 - mask) * -10000} per key position, added to
 * every query's scores before the softmax, so padded keys get (numerically) zero attention weight.
 */
public final class AttentionMask {
    /** What a masked key position adds to the scores. */
    public static final double MASKED = -10000.0;
    private final INDArray binary;
    private final INDArray additive;
    private INDArray expanded;

    private AttentionMask(INDArray binary, INDArray additive) {
        this.binary = binary;
        this.additive = additive;
    }

    /**
     * @param binary {@code [n, seq]}, 1 for real tokens and 0 for padding
     * @param type   the model's floating-point type
     */
    public static AttentionMask of(INDArray binary, DataType type) {
        if (binary.rank() != 2) {
            throw new IllegalArgumentException("attention mask must be [n, seq], got shape "
                    + java.util.Arrays.toString(binary.shape()));
        }
        INDArray b = binary.castTo(type).dup('c');
        INDArray additive = b.rsub(1.0).muli(MASKED);
        return new AttentionMask(b, additive);
    }

    /** The 0/1 mask {@code [n, seq]} in the model's type. */
    public INDArray binary() {
        return binary;
    }

    /** {@code (1 - mask) * -10000}, {@code [n, seq]}. */
    public INDArray additive() {
        return additive;
    }

    /**
     * The additive mask repeated for every head and query, {@code [n, heads, seq, seq]} (made once per batch and
     * shared by all layers, so adding it to the scores is a plain elementwise add).
     */
    INDArray expanded(int heads, long seq) {
        long n = additive.size(0);
        if (expanded == null || expanded.size(1) != heads) {
            INDArray out = Nd4j.createUninitialized(additive.dataType(), new long[] {n, heads, seq, seq}, 'c');
            Nd.matmul(Nd4j.ones(additive.dataType(), n, heads * seq, 1), additive.reshape('c', n, 1, seq),
                    out.reshape('c', n, heads * seq, seq), false, false);
            expanded = out;
        }
        return expanded;
    }
}

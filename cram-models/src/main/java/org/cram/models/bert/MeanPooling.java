package org.cram.models.bert;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean of the hidden states over the real (unmasked) tokens, as sentence-transformers' mean pooling:
 * {@code sum_s h[n, s] m[n, s] / max(sum_s m[n, s], 1e-9)}. Input {@code [n, seq, hidden]}, output
 * {@code [n, hidden]}; both directions are one batched matrix product with the normalized mask.
 */
public final class MeanPooling {
    private static final double MIN_COUNT = 1e-9;
    private INDArray weights;
    private INDArray output;
    private INDArray gradInput;
    private long[] inputShape;

    /**
     * @param hidden {@code [n, seq, hidden]}
     * @param mask   the 0/1 attention mask {@code [n, seq]} (any numeric type)
     * @return {@code [n, hidden]} (a buffer owned by this layer)
     */
    public INDArray forward(INDArray hidden, INDArray mask) {
        inputShape = hidden.shape();
        long n = inputShape[0];
        long s = inputShape[1];
        double[] m = mask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int r = 0; r < n; r++) {
            double count = 0;
            for (int t = 0; t < s; t++) {
                count += m[(int) (r * s + t)];
            }
            count = Math.max(count, MIN_COUNT);
            for (int t = 0; t < s; t++) {
                m[(int) (r * s + t)] /= count;
            }
        }
        weights = Nd4j.create(m, new long[] {n, s}, 'c').castTo(hidden.dataType());
        output = Nd.reuse(output, hidden.dataType(), n, 1, inputShape[2]);
        Nd.matmul(weights.reshape('c', n, 1, s), Nd.contiguous(hidden), output, false, false);
        return output.reshape('c', n, inputShape[2]);
    }

    /** @return dLoss/dHidden {@code [n, seq, hidden]} for dLoss/dPooled {@code [n, hidden]} */
    public INDArray backward(INDArray gradPooled) {
        long n = inputShape[0];
        gradInput = Nd.reuse(gradInput, gradPooled.dataType(), inputShape);
        Nd.matmul(weights.reshape('c', n, inputShape[1], 1),
                Nd.contiguous(gradPooled).reshape('c', n, 1, inputShape[2]), gradInput, false, false);
        return gradInput;
    }
}

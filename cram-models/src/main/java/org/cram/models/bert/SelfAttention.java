package org.cram.models.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head scaled dot-product self-attention (Hugging Face's {@code attention.self}): query, key and value
 * projections, per head {@code softmax(Q K^T / sqrt(d) + mask) V}, heads concatenated. Batched matrix products run
 * as libnd4j's {@code matmul} over {@code [n, heads, seq, d]} arrays; the softmax backward is the exact
 * {@code dS = P * (dP - rowsum(dP * P))}.
 */
public final class SelfAttention {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final int heads;
    private final Scratch scratch;
    private final List<Parameter> parameters;
    private INDArray q;
    private INDArray k;
    private INDArray v;
    private INDArray probs;
    private INDArray context;
    private INDArray output;
    private INDArray gradHeads;
    private INDArray gradMerged;
    private INDArray gradInput;

    /** @param prefix e.g. {@code "encoder.layer.0.attention.self"} */
    public SelfAttention(String prefix, BertConfig config, boolean prunable, DataType type, BertInit init) {
        this(prefix, config, prunable, type, init, new Scratch());
    }

    SelfAttention(String prefix, BertConfig config, boolean prunable, DataType type, BertInit init,
                  Scratch scratch) {
        int h = config.hiddenSize();
        this.query = new Linear(prefix + ".query", h, h, prunable, type, init);
        this.key = new Linear(prefix + ".key", h, h, prunable, type, init);
        this.value = new Linear(prefix + ".value", h, h, prunable, type, init);
        this.heads = config.numHeads();
        this.scratch = scratch;
        List<Parameter> all = new ArrayList<>(query.parameters());
        all.addAll(key.parameters());
        all.addAll(value.parameters());
        this.parameters = List.copyOf(all);
    }

    /** Query, key and value weights and biases, in that order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * @param x    {@code [n, seq, hidden]}
     * @param mask the batch's attention mask
     * @return {@code [n, seq, hidden]} (a buffer owned by this layer)
     */
    public INDArray forward(INDArray x, AttentionMask mask, ForwardMode mode) {
        long n = x.size(0);
        long s = x.size(1);
        long hidden = x.size(2);
        long d = hidden / heads;
        DataType type = x.dataType();
        q = Nd.reuse(q, type, n, heads, s, d);
        k = Nd.reuse(k, type, n, heads, s, d);
        v = Nd.reuse(v, type, n, heads, s, d);
        Nd.splitHeads(query.forward(x, mode), q, heads);
        Nd.splitHeads(key.forward(x, mode), k, heads);
        Nd.splitHeads(value.forward(x, mode), v, heads);
        INDArray scores = scratch.get("scores", type, n, heads, s, s);
        Nd.matmul(q, k, scores, false, true);
        scores.muli(1.0 / Math.sqrt(d));
        scores.addi(mask.expanded(heads, s));
        probs = Nd.reuse(probs, type, n, heads, s, s);
        Nd4j.exec(new SoftMax(scores, probs, 3));
        context = Nd.reuse(context, type, n, heads, s, d);
        Nd.matmul(probs, v, context, false, false);
        output = Nd.reuse(output, type, n, s, hidden);
        Nd.mergeHeads(context, output);
        return output;
    }

    /**
     * @param grads one slot per {@link #parameters()} entry
     * @return dLoss/dx, {@code [n, seq, hidden]}
     */
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        DataType type = gradOutput.dataType();
        long[] headShape = q.shape();
        long n = headShape[0];
        long s = headShape[2];
        long d = headShape[3];
        gradHeads = Nd.reuse(gradHeads, type, headShape);
        gradMerged = Nd.reuse(gradMerged, type, n, s, (long) heads * d);
        gradInput = Nd.reuse(gradInput, type, n, s, (long) heads * d);
        INDArray dContext = scratch.get("dcontext", type, headShape);
        Nd.splitHeads(Nd.contiguous(gradOutput), dContext, heads);

        // value: dV = P^T dC
        Nd.matmul(probs, dContext, gradHeads, true, false);
        Nd.mergeHeads(gradHeads, gradMerged);
        gradInput.assign(value.backward(gradMerged, Arrays.copyOfRange(grads, 4, 6)));

        // probabilities: dP = dC V^T ; softmax: dS = P * (dP - rowsum(dP * P)) ; scaling by 1/sqrt(d)
        INDArray dScores = scratch.get("dscores", type, n, heads, s, s);
        Nd.matmul(dContext, v, dScores, false, true);
        INDArray product = scratch.get("scores", type, n, heads, s, s);
        dScores.mul(probs, product);
        Nd.addColumns(product.sum(3), Nd.rows(dScores), -1.0, 1.0);
        dScores.muli(probs).muli(1.0 / Math.sqrt(d));

        // key: dK = dS^T Q
        Nd.matmul(dScores, q, gradHeads, true, false);
        Nd.mergeHeads(gradHeads, gradMerged);
        gradInput.addi(key.backward(gradMerged, Arrays.copyOfRange(grads, 2, 4)));

        // query: dQ = dS K
        Nd.matmul(dScores, k, gradHeads, false, false);
        Nd.mergeHeads(gradHeads, gradMerged);
        gradInput.addi(query.backward(gradMerged, Arrays.copyOfRange(grads, 0, 2)));
        return gradInput;
    }
}

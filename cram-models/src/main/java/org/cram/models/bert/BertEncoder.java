package org.cram.models.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The BERT encoder (Hugging Face's {@code BertModel} without pooler): embeddings, then {@code numLayers} encoder
 * layers, giving the last hidden states {@code [n, seq, hidden]}. Parameter names follow Hugging Face's state dict
 * ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, ...), so weights
 * compare tensor by tensor with a PyTorch {@code BertModel}.
 *
 * <p>Not thread-safe: the layers own preallocated activation buffers (the attention score temporaries are shared by
 * all layers). Forward keeps what backward needs; call {@link #backward} once per {@link #forward}.
 */
public final class BertEncoder {
    private final BertConfig config;
    private final DataType type;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers;
    private final List<Parameter> parameters;
    private final int[] offsets;

    /**
     * @param scope which tensors are prunable (embeddings only with {@link PruningScope#ALL_LINEAR_AND_EMBEDDINGS},
     *              layer weights unless {@link PruningScope#NONE})
     */
    public BertEncoder(BertConfig config, PruningScope scope, DataType type, BertInit init) {
        if (!type.isFPType()) {
            throw new IllegalArgumentException("BERT needs a floating-point type, got " + type);
        }
        this.config = config;
        this.type = type;
        this.embeddings = new BertEmbeddings("embeddings", config, scope.embeddings(), type, init);
        Scratch scratch = new Scratch();
        List<BertLayer> ls = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            ls.add(new BertLayer("encoder.layer." + i, config, scope.encoderLinear(), type, init, scratch));
        }
        this.layers = List.copyOf(ls);
        List<Parameter> all = new ArrayList<>(embeddings.parameters());
        offsets = new int[layers.size() + 1];
        for (int i = 0; i < layers.size(); i++) {
            offsets[i] = all.size();
            all.addAll(layers.get(i).parameters());
        }
        offsets[layers.size()] = all.size();
        this.parameters = List.copyOf(all);
    }

    /** The geometry this encoder was built with. */
    public BertConfig config() {
        return config;
    }

    /** The floating-point type of parameters and activations. */
    public DataType dataType() {
        return type;
    }

    /** Embedding parameters, then every layer's, in Hugging Face's state-dict order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * @return the last hidden states {@code [n, seq, hidden]} (a buffer owned by the last layer: copy to keep)
     */
    public INDArray forward(BertInputs inputs, ForwardMode mode) {
        AttentionMask mask = AttentionMask.of(inputs.attentionMask(), type);
        INDArray x = embeddings.forward(inputs.inputIds(), inputs.tokenTypeIds(), mode);
        for (BertLayer layer : layers) {
            x = layer.forward(x, mask, mode);
        }
        return x;
    }

    /**
     * Back-propagates dLoss/dHiddenStates of the latest forward.
     *
     * @param grads one slot per {@link #parameters()} entry, overwritten
     */
    public void backward(INDArray gradHidden, INDArray[] grads) {
        INDArray g = gradHidden;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, Arrays.copyOfRange(grads, offsets[i], offsets[i + 1]));
        }
        embeddings.backward(g, Arrays.copyOfRange(grads, 0, offsets[0]));
    }
}

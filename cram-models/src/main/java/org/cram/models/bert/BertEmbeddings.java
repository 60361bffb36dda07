package org.cram.models.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * BERT's input embeddings: word + position + token-type embedding rows, then a layer norm
 * ({@code embeddings.LayerNorm}). Positions are {@code 0..seq-1} for every sequence, as Hugging Face's default
 * {@code position_ids}. The tables have role EMBEDDING; their gradients are scattered into the rows that were used
 * (libnd4j's {@code unsorted_segment_sum}, which sums repeated ids in order and zeroes unused rows).
 */
public final class BertEmbeddings {
    private final Parameter word;
    private final Parameter position;
    private final Parameter tokenType;
    private final LayerNorm norm;
    private final List<Parameter> parameters;
    private INDArray flatIds;
    private INDArray flatTypes;
    private INDArray positionIds;
    private INDArray sum;
    private INDArray gathered;
    private INDArray positionRows;
    private long batch;
    private long seq;

    /**
     * @param prefix   parameter-name prefix, e.g. {@code "embeddings"}
     * @param prunable whether the three tables are prunable
     */
    public BertEmbeddings(String prefix, BertConfig config, boolean prunable, DataType type, BertInit init) {
        int h = config.hiddenSize();
        this.word = Parameter.of(prefix + ".word_embeddings.weight", ParameterRole.EMBEDDING, prunable,
                init.embedding(type, config.vocabSize(), h, 0));
        this.position = Parameter.of(prefix + ".position_embeddings.weight", ParameterRole.EMBEDDING, prunable,
                init.embedding(type, config.maxPositions(), h, -1));
        this.tokenType = Parameter.of(prefix + ".token_type_embeddings.weight", ParameterRole.EMBEDDING, prunable,
                init.embedding(type, config.typeVocabSize(), h, -1));
        this.norm = new LayerNorm(prefix + ".LayerNorm", h, config.layerNormEps(), type);
        List<Parameter> all = new ArrayList<>(List.of(word, position, tokenType));
        all.addAll(norm.parameters());
        this.parameters = List.copyOf(all);
    }

    /** Word, position and token-type tables, then the layer norm's scale and shift. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * @param inputIds     {@code [n, seq]} INT word-piece ids, already validated against the vocabulary
     * @param tokenTypeIds {@code [n, seq]} INT segment ids, already validated
     * @return {@code [n, seq, hidden]} (a buffer owned by this layer)
     */
    public INDArray forward(INDArray inputIds, INDArray tokenTypeIds, ForwardMode mode) {
        batch = inputIds.size(0);
        seq = inputIds.size(1);
        if (seq > position.value().size(0)) {
            throw new IllegalArgumentException("sequence length " + seq + " exceeds the " + position.value().size(0)
                    + " position embeddings");
        }
        DataType type = word.value().dataType();
        long h = word.value().size(1);
        long tokens = batch * seq;
        flatIds = inputIds.reshape('c', new long[] {tokens}).dup();
        flatTypes = tokenTypeIds.reshape('c', new long[] {tokens}).dup();
        if (positionIds == null || positionIds.length() != seq) {
            positionIds = Nd4j.createFromArray(java.util.stream.IntStream.range(0, (int) seq).toArray());
        }
        sum = Nd.reuse(sum, type, batch, seq, h);
        gathered = Nd.reuse(gathered, type, tokens, h);
        positionRows = Nd.reuse(positionRows, type, seq, h);
        INDArray sum2 = Nd.rows(sum);
        gather(word.value(), flatIds, sum2);
        gather(tokenType.value(), flatTypes, gathered);
        sum2.addi(gathered);
        gather(position.value(), positionIds, positionRows);
        Nd.addRows(positionRows, sum.reshape('c', batch, seq * h), 1.0, 1.0);
        return norm.forward(sum, mode);
    }

    /** Back-propagates into the tables and the layer norm; embeddings have no input gradient. */
    public void backward(INDArray gradOutput, INDArray[] grads) {
        INDArray[] normGrads = Arrays.copyOfRange(grads, 3, 5);
        INDArray dSum = norm.backward(gradOutput, normGrads);
        INDArray dRows = Nd.rows(dSum);
        segmentSum(dRows, flatIds, grads[0]);
        segmentSum(dRows, flatTypes, grads[2]);
        INDArray dPosition = grads[1];
        dPosition.assign(0);
        dPosition.get(NDArrayIndex.interval(0, seq), NDArrayIndex.all()).assign(dSum.sum(0));
    }

    private static void gather(INDArray table, INDArray ids, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("gather").addInputs(table, ids).addOutputs(out).addIntegerArguments(0)
                .build());
    }

    private static void segmentSum(INDArray rows, INDArray ids, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("unsorted_segment_sum").addInputs(rows, ids).addOutputs(out)
                .addIntegerArguments((int) out.size(0)).build());
    }
}

package org.cram.models.bert;

import java.util.Arrays;
import org.cram.api.data.Batch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Validated encoder inputs: word-piece ids, token-type ids (INT, {@code [n, seq]}) and the 0/1 attention mask.
 *
 * @param inputIds      INT {@code [n, seq]}, each in {@code [0, vocabSize)}
 * @param tokenTypeIds  INT {@code [n, seq]}, each in {@code [0, typeVocabSize)}
 * @param attentionMask INT {@code [n, seq]}, 1 for real tokens and 0 for padding
 */
public record BertInputs(INDArray inputIds, INDArray tokenTypeIds, INDArray attentionMask) {

    /**
     * The inputs of a batch: the features are the token ids; {@link Batch#TOKEN_TYPE_IDS} defaults to zeros and
     * {@link Batch#ATTENTION_MASK} to ones when absent.
     */
    public static BertInputs from(Batch batch, BertConfig config) {
        INDArray types = batch.hasInput(Batch.TOKEN_TYPE_IDS) ? batch.input(Batch.TOKEN_TYPE_IDS) : null;
        INDArray mask = batch.hasInput(Batch.ATTENTION_MASK) ? batch.input(Batch.ATTENTION_MASK) : null;
        return of(batch.features(), types, mask, config);
    }

    /**
     * @param ids   token ids {@code [n, seq]} of any numeric type holding integral values
     * @param types token-type ids, or {@code null} for all zeros
     * @param mask  attention mask, or {@code null} for all ones
     * @throws IllegalArgumentException naming the first bad entry and its position
     */
    public static BertInputs of(INDArray ids, INDArray types, INDArray mask, BertConfig config) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("token ids must be [n, seq], got shape " + Arrays.toString(ids.shape()));
        }
        long n = ids.size(0);
        long seq = ids.size(1);
        if (seq > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + seq + " exceeds max positions "
                    + config.maxPositions());
        }
        int[] idValues = integers("token id", ids, 0, config.vocabSize(), seq);
        int[] typeValues = types == null ? new int[(int) (n * seq)]
                : integers("token type id", sameShape("token type ids", types, ids), 0, config.typeVocabSize(), seq);
        int[] maskValues;
        if (mask == null) {
            maskValues = new int[(int) (n * seq)];
            Arrays.fill(maskValues, 1);
        } else {
            maskValues = integers("attention mask value", sameShape("attention mask", mask, ids), 0, 2, seq);
        }
        long[] shape = {n, seq};
        return new BertInputs(Nd4j.create(idValues, shape, DataType.INT32),
                Nd4j.create(typeValues, shape, DataType.INT32), Nd4j.create(maskValues, shape, DataType.INT32));
    }

    /** Number of sequences. */
    public int batchSize() {
        return (int) inputIds.size(0);
    }

    /** Sequence length (with padding). */
    public int sequenceLength() {
        return (int) inputIds.size(1);
    }

    private static INDArray sameShape(String what, INDArray a, INDArray ids) {
        if (!Arrays.equals(a.shape(), ids.shape())) {
            throw new IllegalArgumentException(what + " have shape " + Arrays.toString(a.shape())
                    + " but token ids have " + Arrays.toString(ids.shape()));
        }
        return a;
    }

    private static int[] integers(String what, INDArray a, int low, int high, long seq) {
        long len = a.length();
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many tokens in one batch: " + len);
        }
        double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (!(x >= low && x < high) || x != Math.rint(x)) {
                throw new IllegalArgumentException(what + " " + x + " at [" + (i / seq) + ", " + (i % seq)
                        + "] is not an integer in [" + low + ", " + high + ")");
            }
            out[i] = (int) x;
        }
        return out;
    }
}

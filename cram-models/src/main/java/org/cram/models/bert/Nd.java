package org.cram.models.bert;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers over libnd4j's native ops shared by the BERT layers. */
final class Nd {
    private Nd() {
    }

    /** {@code current} if it has this type and shape, else a new C-ordered array (contents undefined). */
    static INDArray reuse(INDArray current, DataType type, long... shape) {
        if (current != null && current.dataType() == type && Arrays.equals(current.shape(), shape)) {
            return current;
        }
        return Nd4j.createUninitialized(type, shape, 'c');
    }

    /** {@code x} if it is C-contiguous, else a C-ordered copy. */
    static INDArray contiguous(INDArray x) {
        if (x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x)) {
            return x;
        }
        return x.dup('c');
    }

    /** A {@code [rows, last]} view of a C-contiguous array of any rank >= 2 (no copy). */
    static INDArray rows(INDArray x) {
        long last = x.size(x.rank() - 1);
        return x.reshape('c', x.length() / last, last);
    }

    /**
     * (Batched) matrix product {@code out = op(a) op(b)} over the last two axes; leading axes are batch axes of equal
     * size in all three arrays.
     */
    static void matmul(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB) {
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(out)
                .addIntegerArguments(transposeA ? 1 : 0, transposeB ? 1 : 0, 0).build());
    }

    private static final Map<String, INDArray> ONES = new ConcurrentHashMap<>();

    /**
     * A shared, never-modified column of ones {@code [n, 1]}. Broadcasts below go through rank-1 gemms with it: they
     * are exact ({@code 1.0 * v}), and unlike libnd4j's broadcast ops they do not wake the thread pool for small
     * arrays (which costs milliseconds per op on a busy machine).
     */
    static INDArray ones(DataType type, long n) {
        return ONES.computeIfAbsent(type + ":" + n, k -> Nd4j.ones(type, n, 1));
    }

    /** {@code out[i, j] = v[j]} for {@code out [rows, cols]} and {@code v} of length cols. */
    static void fillRows(INDArray v, INDArray out) {
        addRows(v, out, 1.0, 0.0);
    }

    /** {@code out[i, j] = beta * out[i, j] + alpha * v[j]}. */
    static void addRows(INDArray v, INDArray out, double alpha, double beta) {
        long rows = out.size(0);
        Nd4j.gemm(ones(out.dataType(), rows), v.reshape('c', 1, v.length()), out, false, false, alpha, beta);
    }

    /** {@code out[i, j] = c[i]} for {@code out [rows, cols]} and {@code c} of length rows. */
    static void fillColumns(INDArray c, INDArray out) {
        addColumns(c, out, 1.0, 0.0);
    }

    /** {@code out[i, j] = beta * out[i, j] + alpha * c[i]}. */
    static void addColumns(INDArray c, INDArray out, double alpha, double beta) {
        long cols = out.size(1);
        Nd4j.gemm(c.reshape('c', c.length(), 1), ones(out.dataType(), cols), out, false, true, alpha, beta);
    }

    /** Copies {@code [n, s, heads * d]} into {@code [n, heads, s, d]} (splitting heads). */
    static void splitHeads(INDArray x, INDArray out, int heads) {
        long n = x.size(0);
        long s = x.size(1);
        long d = x.size(2) / heads;
        out.assign(x.reshape('c', n, s, heads, d).permute(0, 2, 1, 3));
    }

    /** Copies {@code [n, heads, s, d]} into {@code [n, s, heads * d]} (merging heads). */
    static void mergeHeads(INDArray x, INDArray out) {
        long n = x.size(0);
        long heads = x.size(1);
        long s = x.size(2);
        long d = x.size(3);
        out.reshape('c', n, s, heads, d).assign(x.permute(0, 2, 1, 3));
    }
}

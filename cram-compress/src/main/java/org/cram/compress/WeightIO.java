package org.cram.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Direct reads and writes of parameter buffers. {@link org.cram.api.param.Parameter#value()} is contiguous,
 * C-ordered and never a view, so a FLOAT or DOUBLE array can be streamed through an NIO view of its host memory
 * in small blocks, without copying the whole tensor onto the heap. Other data types go through a double copy.
 */
final class WeightIO {
    /** Block size for streaming: small enough for L1/L2, large enough to amortize the bulk copy. */
    static final int BLOCK = 1 << 14;

    private WeightIO() {
    }

    static boolean isFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT;
    }

    /** A view of a FLOAT array's host memory, positioned at its first element, of exactly its length. */
    static FloatBuffer floatView(INDArray a) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        FloatBuffer b = a.data().asNioFloat().duplicate();
        int from = Math.toIntExact(a.offset());
        b.limit(from + Math.toIntExact(a.length())).position(from);
        return b.slice();
    }

    /** The bytes of a FLOAT array's host memory in native order, from its first element, of exactly its length. */
    static ByteBuffer byteView(INDArray a) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        ByteBuffer b = a.data().asNio().duplicate();
        int from = Math.toIntExact(a.offset() * Float.BYTES);
        b.limit(from + Math.toIntExact(a.length() * Float.BYTES)).position(from);
        return b.slice().order(ByteOrder.nativeOrder());
    }

    /** A view of a DOUBLE array's host memory, as {@link #floatView}. */
    static DoubleBuffer doubleView(INDArray a) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        DoubleBuffer b = a.data().asNioDouble().duplicate();
        int from = Math.toIntExact(a.offset());
        b.limit(from + Math.toIntExact(a.length())).position(from);
        return b.slice();
    }

    /** Marks host memory written through a view as the current copy (a no-op on CPU backends). */
    static void hostWritten(INDArray a) {
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
    }

    /** The values as doubles in C order (a copy; exact for every floating-point type). */
    static double[] toDoubles(INDArray a) {
        if (a.dataType() == DataType.DOUBLE) {
            double[] out = new double[Math.toIntExact(a.length())];
            doubleView(a).get(out);
            return out;
        }
        return a.data().asDouble();
    }

    /** Overwrites the array with these values in C order, rounding to its data type. */
    static void setDoubles(INDArray a, double[] values) {
        if (a.dataType() == DataType.DOUBLE) {
            doubleView(a).put(values);
            hostWritten(a);
        } else if (a.dataType() == DataType.FLOAT) {
            FloatBuffer view = floatView(a);
            float[] block = new float[Math.min(BLOCK, values.length)];
            for (int from = 0; from < values.length; from += block.length) {
                int len = Math.min(block.length, values.length - from);
                for (int i = 0; i < len; i++) {
                    block[i] = (float) values[from + i];
                }
                view.put(block, 0, len);
            }
            hostWritten(a);
        } else {
            a.assign(Nd4j.create(values, a.shape(), 'c'));
        }
    }

    /** A 0/1 mask array shaped and typed like {@code like}, from a 0/1 double array in C order. */
    static INDArray maskOf(INDArray like, double[] mask) {
        INDArray m = Nd4j.create(like.dataType(), like.shape(), 'c');
        setDoubles(m, mask);
        return m;
    }
}

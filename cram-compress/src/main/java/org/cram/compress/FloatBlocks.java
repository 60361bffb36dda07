package org.cram.compress;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A sequence of float values delivered in blocks, in a fixed order, as often as needed: the input of the
 * {@link FloatOrderStatistics radix selection}. Blocks are only valid during the visit.
 */
@FunctionalInterface
interface FloatBlocks {

    /** Receives one block: {@code block[0 .. length)}. */
    @FunctionalInterface
    interface Visitor {
        void visit(float[] block, int length);
    }

    /** Visits every value once, in order. */
    void forEach(Visitor visitor);

    /** Heap arrays, each visited as one block. */
    static FloatBlocks of(float[]... arrays) {
        return v -> {
            for (float[] a : arrays) {
                v.visit(a, a.length);
            }
        };
    }

    /** FLOAT arrays streamed from their host memory in blocks of {@link WeightIO#BLOCK} (no full copy). */
    static FloatBlocks ofArrays(List<INDArray> floatArrays) {
        return v -> {
            float[] block = new float[WeightIO.BLOCK];
            for (INDArray a : floatArrays) {
                FloatBuffer view = WeightIO.floatView(a);
                while (view.hasRemaining()) {
                    int len = Math.min(block.length, view.remaining());
                    view.get(block, 0, len);
                    v.visit(block, len);
                }
            }
        };
    }
}

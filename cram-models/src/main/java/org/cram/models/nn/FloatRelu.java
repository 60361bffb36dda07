package org.cram.models.nn;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.cram.api.param.DenseArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ReLU backward for dense float32 arrays as a Java loop ({@link FloatKernels}) over the native buffers, in chunks
 * spread over the common fork-join pool and the calling thread.
 *
 * <p>Why not libnd4j's {@code relu_bp}: on this CPU backend it takes 3.4 ms on a 128x16x32x32 array, about ten times a
 * pass over the same memory; it was 7% of a ResNet-20 training step ({@code cram bench --profile resnet20}).
 */
final class FloatRelu {
    /** Elements per parallel task: large enough to amortize the task, small enough to split a 64x8x8 batch. */
    private static final int CHUNK = 1 << 15;

    private FloatRelu() {
    }

    /** True if the kernel applies: every array float32, dense, of the same length, addressable in int bytes. */
    static boolean supports(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || !DenseArrays.isDense(a) || a.length() != arrays[0].length()
                    || a.length() > Integer.MAX_VALUE / Float.BYTES) {
                return false;
            }
        }
        return true;
    }

    /**
     * dx = dy where the ReLU's output is positive, else 0 (the gradient at 0 is 0, as torch). Reading the output
     * rather than the input is equivalent: max(x, 0) > 0 exactly when x > 0.
     */
    static void backward(INDArray output, INDArray gradOutput, INDArray gradInput) {
        FloatKernels k = FloatKernels.instance();
        ByteBuffer out = FloatBatchNorm.bytes(output);
        ByteBuffer dy = FloatBatchNorm.bytes(gradOutput);
        ByteBuffer dx = FloatBatchNorm.bytes(gradInput);
        int n = (int) output.length();
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int at = c * CHUNK;
            k.reluBackward(out, dy, dx, at, Math.min(CHUNK, n - at));
        });
    }
}

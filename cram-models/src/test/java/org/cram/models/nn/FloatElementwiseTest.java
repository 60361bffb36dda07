package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 element-wise loops ({@link FloatElementwise}): the ReLU backward against a plain-Java reference and
 * libnd4j's {@code relu_bp}, the residual sum (with and without ReLU) against the float expression.
 */
class FloatElementwiseTest {

    @Test
    void positiveMaskIsAllOnesExactlyForPositiveNumbers() {
        float[] positive = {1f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 3.5e-20f};
        float[] notPositive = {0f, -0f, -1f, -Float.MIN_VALUE, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xff800001)};
        for (float v : positive) {
            assertThat(ScalarFloatKernels.positiveMask(Float.floatToRawIntBits(v))).as("mask of %s", v).isEqualTo(-1);
        }
        for (float v : notPositive) {
            assertThat(ScalarFloatKernels.positiveMask(Float.floatToRawIntBits(v))).as("mask of %s (bits %08x)", v, Float.floatToRawIntBits(v))
                    .isZero();
        }
    }

    /** Inputs with exact zeros of both signs, so the gradient-at-zero convention is exercised. */
    private static double[] inputs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            x[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : r.nextDouble() * 2 - 1;
        }
        return x;
    }

    @Test
    void backwardPassesTheGradientWherePositiveAsAPlainJavaReferenceAndRelu_bp() {
        int n = 3 * 5 * 7 * 11 * 13; // several parallel chunks and a ragged tail
        long[] shape = {13, 5, 7, 3 * 11};
        double[] x = inputs(n, 7);
        double[] dy = inputs(n, 8);
        Relu floatRelu = new Relu();
        INDArray xf = Nd4j.createFromArray(x).castTo(DataType.FLOAT).reshape(shape);
        INDArray dyf = Nd4j.createFromArray(dy).castTo(DataType.FLOAT).reshape(shape);
        floatRelu.forward(xf, ForwardMode.TRAIN);
        float[] got = floatRelu.backward(dyf, new INDArray[0]).reshape(-1).toFloatVector();

        Relu doubleRelu = new Relu(); // double precision takes libnd4j's relu_bp
        doubleRelu.forward(Nd4j.createFromArray(x).reshape(shape), ForwardMode.TRAIN);
        double[] native64 = doubleRelu.backward(Nd4j.createFromArray(dy).reshape(shape), new INDArray[0])
                .reshape(-1).toDoubleVector();
        for (int i = 0; i < n; i++) {
            float expected = x[i] > 0 ? (float) dy[i] : 0f;
            assertThat(got[i]).as("dx[%d] for x=%s", i, x[i]).isEqualTo(expected);
            assertThat((double) got[i]).as("against relu_bp at %d", i).isEqualTo((double) (float) native64[i]);
        }
    }

    @Test
    void stridedGradientsTakeTheNativePathWithTheSameResult() {
        int n = 4 * 3 * 5 * 6;
        double[] x = inputs(n, 11);
        INDArray xf = Nd4j.createFromArray(x).castTo(DataType.FLOAT).reshape(4, 3, 5, 6);
        INDArray wide = Nd4j.createFromArray(inputs(2 * n, 12)).castTo(DataType.FLOAT).reshape(4, 3, 5, 12);
        INDArray stridedDy = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6));
        assertThat(FloatElementwise.supports(xf, stridedDy)).isFalse();
        Relu relu = new Relu();
        relu.forward(xf, ForwardMode.TRAIN);
        INDArray got = relu.backward(stridedDy, new INDArray[0]);
        INDArray expected = stridedDy.dup('c').muli(xf.gt(0).castTo(DataType.FLOAT));
        assertThat(got.equalsWithEps(expected, 0.0)).as("strided dy: %s vs %s", got, expected).isTrue();
    }

    @Test
    void residualSumWithReluIsTheFloatSumClampedAtZeroAndItsBackwardMasksByTheSum() {
        int n = 2 * 3 * 7 * 11 * 13;
        long[] shape = {2, 3 * 7, 11, 13};
        double[] a = inputs(n, 21);
        double[] b = inputs(n, 22);
        double[] dy = inputs(n, 23);
        INDArray af = Nd4j.createFromArray(a).castTo(DataType.FLOAT).reshape(shape);
        INDArray bf = Nd4j.createFromArray(b).castTo(DataType.FLOAT).reshape(shape);
        Relu relu = new Relu();
        float[] out = relu.forwardSum(af, bf, ForwardMode.TRAIN).reshape(-1).toFloatVector();
        float[] dx = relu.backward(Nd4j.createFromArray(dy).castTo(DataType.FLOAT).reshape(shape), new INDArray[0])
                .reshape(-1).toFloatVector();
        INDArray plain = Nd4j.createUninitialized(DataType.FLOAT, shape);
        FloatElementwise.add(af, bf, plain);
        float[] sum = plain.reshape(-1).toFloatVector();
        for (int i = 0; i < n; i++) {
            float s = (float) a[i] + (float) b[i];
            assertThat(sum[i]).as("sum[%d]", i).isEqualTo(s);
            assertThat(out[i]).as("relu(sum)[%d]", i).isEqualTo(s > 0 ? s : 0f);
            assertThat(dx[i]).as("dx[%d]", i).isEqualTo(s > 0 ? (float) dy[i] : 0f);
        }
    }

    @Test
    void largeArraysSplitOverThePoolGiveTheSameResult() {
        int n = org.cram.api.platform.ParallelLoops.MIN_PARALLEL_ELEMENTS + 4321;
        double[] x = inputs(n, 31);
        double[] dy = inputs(n, 32);
        INDArray out = Nd4j.createFromArray(x).castTo(DataType.FLOAT);
        INDArray grad = Nd4j.createFromArray(dy).castTo(DataType.FLOAT);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, n);
        FloatElementwise.reluBackward(out, grad, dx);
        float[] got = dx.toFloatVector();
        for (int i = 0; i < n; i++) {
            assertThat(got[i]).as("dx[%d]", i).isEqualTo(x[i] > 0 ? (float) dy[i] : 0f);
        }
    }
}

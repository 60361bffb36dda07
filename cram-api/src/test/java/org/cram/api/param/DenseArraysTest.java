package org.cram.api.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The buffer loops against a plain double reference and against the ND4J ops they replace. */
class DenseArraysTest {
    private static double[] randoms(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 4 - 2;
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
    void sumOfSquaresMatchesADoubleReferenceForDenseArraysAndViews(DataType type) {
        double[] v = randoms(1, 7 * 13);
        INDArray m = Nd4j.create(v, new long[] {7, 13}, 'c').castTo(type);
        double[] rounded = m.reshape(v.length).toDoubleVector();
        double all = 0;
        for (double d : rounded) {
            all += d * d;
        }
        double row3 = 0;
        double col5 = 0;
        for (int j = 0; j < 13; j++) {
            row3 += rounded[3 * 13 + j] * rounded[3 * 13 + j];
        }
        for (int i = 0; i < 7; i++) {
            col5 += rounded[i * 13 + 5] * rounded[i * 13 + 5];
        }
        double row0 = 0;
        for (int j = 0; j < 13; j++) {
            row0 += rounded[j] * rounded[j];
        }
        assertThat(DenseArrays.isDense(m.getRow(0))).isTrue();
        assertThat(DenseArrays.isDense(m.getRow(3))).isFalse(); // at an offset: the ND4J fallback
        assertThat(DenseArrays.sumOfSquares(m.getRow(0))).isCloseTo(row0, within(1e-12 * row0));
        assertThat(DenseArrays.isDense(m.getColumn(5))).isFalse();
        assertThat(DenseArrays.sumOfSquares(m)).isCloseTo(all, within(1e-12 * all));
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-12; // the fallback: ND4J's norm2
        assertThat(DenseArrays.sumOfSquares(m.getRow(3))).isCloseTo(row3, within(tolerance * row3));
        assertThat(DenseArrays.sumOfSquares(m.getColumn(5))).isCloseTo(col5, within(tolerance * col5));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
    void sumMatchesADoubleReferenceDenseOrNot(DataType type) {
        INDArray m = Nd4j.create(randoms(8, 5 * 9), new long[] {5, 9}, 'c').castTo(type);
        double[] rounded = m.reshape(45).toDoubleVector();
        double all = 0;
        double col = 0;
        for (int i = 0; i < 45; i++) {
            all += rounded[i];
            col += i % 9 == 4 ? rounded[i] : 0;
        }
        assertThat(DenseArrays.sum(m)).isCloseTo(all, within(1e-12));
        assertThat(DenseArrays.sum(m.getColumn(4))).isCloseTo(col, within(type == DataType.FLOAT ? 1e-5 : 1e-12));
    }

    @Test
    void floatAxpyIsBitIdenticalToTheNd4jOpsItReplaces() {
        INDArray x = Nd4j.create(randoms(2, 1000), new long[] {10, 100}, 'c').castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(randoms(3, 1000), new long[] {10, 100}, 'c').castTo(DataType.FLOAT);
        INDArray expected = y.dup().addi(x.mul(0.0371));
        DenseArrays.axpy(0.0371, x, y);
        assertThat(y.data().asFloat()).containsExactly(expected.data().asFloat());
    }

    @Test
    void doubleAxpyOnRowViewsTouchesOnlyThatRowWithOrWithoutTheLoops() {
        INDArray y = Nd4j.create(randoms(4, 30), new long[] {3, 10}, 'c');
        double[] before = y.data().asDouble();
        INDArray x = Nd4j.create(randoms(5, 10), new long[] {10}, 'c');
        DenseArrays.axpy(-1.5, x, y.getRow(0)); // dense: the loop
        DenseArrays.axpy(-1.5, x, y.getRow(1)); // at an offset: ND4J
        double[] after = y.data().asDouble();
        for (int i = 0; i < 30; i++) {
            double expected = i < 20 ? before[i] - 1.5 * x.getDouble(i % 10) : before[i];
            assertThat(after[i]).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void stridedAxpyFallsBackToNd4jAndAgrees() {
        INDArray y = Nd4j.create(randoms(6, 12), new long[] {3, 4}, 'c');
        INDArray column = y.getColumn(2);
        double[] expected = column.toDoubleVector();
        INDArray x = Nd4j.create(randoms(7, 3), new long[] {3}, 'c');
        for (int i = 0; i < 3; i++) {
            expected[i] += 2.0 * x.getDouble(i);
        }
        DenseArrays.axpy(2.0, x, column);
        assertThat(y.getColumn(2).toDoubleVector()).containsExactly(expected);
    }

    @Test
    void mismatchedLengthsAreRejectedNamingBoth() {
        assertThatThrownBy(() -> DenseArrays.axpy(1.0, Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.FLOAT, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3").hasMessageContaining("4");
    }
}

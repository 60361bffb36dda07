package org.cram.api.testing;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.AssertionFailedError;

/** Tolerance assertions for arrays, shared by every module's tests (numpy.allclose semantics). */
public final class NdAssertions {
    private NdAssertions() {
    }

    /**
     * Asserts {@code |actual - expected| <= atol + rtol * |expected|} element-wise, and equal shapes. On failure the
     * message names the worst element and prints both arrays.
     */
    public static void assertAllClose(INDArray actual, INDArray expected, double rtol, double atol) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new AssertionFailedError("shape mismatch: actual " + Arrays.toString(actual.shape())
                    + " vs expected " + Arrays.toString(expected.shape()));
        }
        assertAllClose(actual.dup('c').data().asDouble(), expected.dup('c').data().asDouble(), rtol, atol);
    }

    /** As {@link #assertAllClose(INDArray, INDArray, double, double)} for plain arrays. */
    public static void assertAllClose(double[] actual, double[] expected, double rtol, double atol) {
        if (actual.length != expected.length) {
            throw new AssertionFailedError("length mismatch: actual " + actual.length + " vs expected " + expected.length);
        }
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < actual.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            double allowed = atol + rtol * Math.abs(expected[i]);
            boolean bad = !(diff <= allowed) || Double.isNaN(actual[i]) != Double.isNaN(expected[i]);
            if (bad && (worst < 0 || diff - allowed > worstExcess || Double.isNaN(diff))) {
                worst = i;
                worstExcess = diff - allowed;
            }
        }
        if (worst >= 0) {
            throw new AssertionFailedError(String.format(java.util.Locale.ROOT,
                    "arrays differ (rtol=%g, atol=%g): worst at index %d: actual %.17g vs expected %.17g%n"
                            + "actual:   %s%nexpected: %s", rtol, atol, worst, actual[worst], expected[worst],
                    abbreviate(actual), abbreviate(expected)), expected, actual);
        }
    }

    private static String abbreviate(double[] a) {
        if (a.length <= 64) {
            return Arrays.toString(a);
        }
        return Arrays.toString(Arrays.copyOf(a, 64)).replace("]", ", ... (" + a.length + " values)]");
    }
}

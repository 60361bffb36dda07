package org.cram.compress;

import java.util.SplittableRandom;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test helpers: arrays from plain values, values back as doubles, random weights. */
final class Weights {
    private Weights() {
    }

    static INDArray array(DataType type, double[] values, long... shape) {
        return Nd4j.create(values.clone(), shape, 'c').castTo(type);
    }

    static INDArray floats(double[] values, long... shape) {
        return array(DataType.FLOAT, values, shape);
    }

    static double[] values(Parameter p) {
        return p.value().dup('c').data().asDouble();
    }

    /** The values with -0.0 turned into 0.0, for comparisons where only "is zero" matters. */
    static double[] numeric(Parameter p) {
        double[] v = values(p);
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.0;
        }
        return v;
    }

    static double[] values(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    static double[] uniform(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1); // float-representable, so FLOAT and DOUBLE agree
        }
        return v;
    }

    static long count(double[] values, java.util.function.DoublePredicate p) {
        long c = 0;
        for (double v : values) {
            c += p.test(v) ? 1 : 0;
        }
        return c;
    }

    static long nonZeros(ParameterSet params, int index) {
        return count(values(params.get(index)), v -> v != 0.0);
    }

    static long product(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}

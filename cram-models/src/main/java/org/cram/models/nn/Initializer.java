package org.cram.models.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded weight initialization in Java, so that a model built twice with the same seed is bit-identical whatever
 * ND4J's global random state is.
 */
public final class Initializer {
    private final SplittableRandom random;

    public Initializer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform on [low, high). */
    public INDArray uniform(DataType type, double low, double high, long... shape) {
        double[] v = new double[(int) length(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    /** Normal with mean 0 and the given standard deviation (Box-Muller). */
    public INDArray normal(DataType type, double std, long... shape) {
        double[] v = new double[(int) length(shape)];
        for (int i = 0; i < v.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            v[i] = std * r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < v.length) {
                v[i + 1] = std * r * Math.sin(2 * Math.PI * u2);
            }
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    /** A constant-filled array. */
    public static INDArray constant(DataType type, double value, long... shape) {
        return Nd4j.create(type, shape, 'c').assign(value);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large to initialize in Java: " + n + " elements");
        }
        return n;
    }
}

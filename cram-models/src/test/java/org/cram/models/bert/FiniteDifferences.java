package org.cram.models.bert;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks in double for single layers: the scalar loss is {@code sum(output * R)} for a fixed random
 * {@code R}, so the analytic gradients are the layer's backward of {@code R}.
 */
final class FiniteDifferences {
    static final double EPS = 1e-6;
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-8;

    private FiniteDifferences() {
    }

    static INDArray random(SplittableRandom random, double scale, long... shape) {
        long len = 1;
        for (long s : shape) {
            len *= s;
        }
        double[] v = new double[(int) len];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** Overwrites every parameter with uniform noise in [-scale, scale). */
    static void randomize(List<Parameter> parameters, SplittableRandom random, double scale) {
        for (Parameter p : parameters) {
            p.value().assign(random(random, scale, p.value().shape()).castTo(p.value().dataType()));
        }
    }

    /** Weighted sum of the output with fixed weights, in double. */
    static double loss(INDArray output, INDArray weights) {
        return output.castTo(DataType.DOUBLE).mul(weights).sumNumber().doubleValue();
    }

    /**
     * Compares analytic gradients with central differences for up to {@code samples} random entries (all entries if
     * the tensor is no larger; otherwise also the whole tensor along one random direction) of every parameter and of
     * the input (if given). Returns a report of mismatches, empty if all agree.
     *
     * @param forward  computes the output from the current (live) parameters and input
     * @param backward given dLoss/dOutput and gradient slots, fills the slots and returns dLoss/dInput (or null)
     */
    static String check(List<Parameter> parameters, INDArray input, Supplier<INDArray> forward,
                        BackwardFunction backward, SplittableRandom random, int samples) {
        INDArray out = forward.get();
        INDArray weights = random(random, 1.0, out.shape());
        INDArray[] grads = new INDArray[parameters.size()];
        for (int i = 0; i < grads.length; i++) {
            INDArray v = parameters.get(i).value();
            grads[i] = Nd4j.create(v.dataType(), v.shape(), 'c').assign(Double.NaN);
        }
        INDArray dInput = backward.apply(weights.castTo(out.dataType()), grads);
        dInput = dInput == null ? null : dInput.dup('c');
        StringBuilder report = new StringBuilder();
        for (int p = 0; p < parameters.size(); p++) {
            compare(parameters.get(p).name(), parameters.get(p).value(), grads[p].dup('c'), forward, weights,
                    report, random, samples);
        }
        if (input != null) {
            compare("input", input, dInput, forward, weights, report, random, samples);
        }
        return report.toString();
    }

    private static void compare(String name, INDArray live, INDArray analytic, Supplier<INDArray> forward,
                                INDArray weights, StringBuilder report, SplittableRandom random, int samples) {
        if (!all(live, samples)) {
            // the whole tensor along a random direction, then single entries
            INDArray saved = live.dup();
            INDArray direction = random(random, 1.0, live.shape()).castTo(live.dataType());
            live.addi(direction.mul(EPS));
            double plus = loss(forward.get(), weights);
            live.assign(saved).subi(direction.mul(EPS));
            double minus = loss(forward.get(), weights);
            live.assign(saved);
            double numeric = (plus - minus) / (2 * EPS);
            double a = analytic.mul(direction).sumNumber().doubleValue();
            if (!(Math.abs(a - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                report.append(name).append(" along a random direction: analytic ").append(a).append(" numeric ")
                        .append(numeric).append('\n');
            }
        }
        INDArray flat = live.reshape(live.length());
        INDArray grad = analytic.reshape(analytic.length());
        boolean all = all(live, samples);
        for (long k = 0; k < (all ? live.length() : samples); k++) {
            long i = all ? k : random.nextLong(live.length());
            double original = flat.getDouble(i);
            flat.putScalar(i, original + EPS);
            double plus = loss(forward.get(), weights);
            flat.putScalar(i, original - EPS);
            double minus = loss(forward.get(), weights);
            flat.putScalar(i, original);
            double numeric = (plus - minus) / (2 * EPS);
            double a = grad.getDouble(i);
            if (!(Math.abs(a - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                report.append(name).append('[').append(i).append("]: analytic ").append(a).append(" numeric ")
                        .append(numeric).append('\n');
            }
        }
    }

    private static boolean all(INDArray live, int samples) {
        return live.length() <= samples;
    }

    /** A layer's backward for the check. */
    @FunctionalInterface
    interface BackwardFunction {
        INDArray apply(INDArray gradOutput, INDArray[] grads);
    }
}

package org.cram.models.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference and fixture helpers for gradient tests (all in double precision). */
final class GradientChecks {
    private GradientChecks() {
    }

    static Batch randomBatch(SplittableRandom random, int n, long[] featureShape, int classes, DataType type) {
        long[] shape = new long[featureShape.length + 1];
        shape[0] = n;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        long len = 1;
        for (long s : shape) {
            len *= s;
        }
        double[] v = new double[(int) len];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() * 2 - 1;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new Batch(Nd4j.create(v, shape, 'c').castTo(type), labels);
    }

    /**
     * Loss at the current parameters, with running statistics untouched: the forward pass of
     * {@link Model#lossAndGradients} (batch statistics, frozen running statistics) without its backward.
     */
    static double loss(Model model, Batch batch) {
        return SoftmaxCrossEntropy.compute(model.output(batch.features(), ForwardMode.TRAIN_FROZEN_STATS),
                batch.labels()).loss();
    }

    /**
     * Central finite difference of the loss for {@code samples} random entries of every parameter; returns the
     * worst violation of |analytic - numeric| <= atol + rtol*|numeric| (<= 0 means all within tolerance).
     */
    static double worstFiniteDifferenceViolation(Model model, Batch batch, TensorSet analytic, int samples,
                                                 SplittableRandom random, double rtol, double atol,
                                                 StringBuilder report) {
        double eps = 1e-6;
        double worst = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < model.parameters().size(); p++) {
            INDArray value = model.parameters().get(p).value();
            INDArray flat = value.reshape(value.length());
            INDArray grad = analytic.get(p).reshape(value.length());
            for (int s = 0; s < samples; s++) {
                long i = random.nextLong(value.length());
                double original = flat.getDouble(i);
                flat.putScalar(i, original + eps);
                double plus = loss(model, batch);
                flat.putScalar(i, original - eps);
                double minus = loss(model, batch);
                flat.putScalar(i, original);
                double numeric = (plus - minus) / (2 * eps);
                double a = grad.getDouble(i);
                double violation = Math.abs(a - numeric) - (atol + rtol * Math.abs(numeric));
                if (violation > 0) {
                    report.append(model.parameters().get(p).name()).append('[').append(i).append("]: analytic ")
                            .append(a).append(" numeric ").append(numeric).append('\n');
                }
                worst = Math.max(worst, violation);
            }
        }
        return worst;
    }

    /** A random array of this shape with entries uniform on [-1, 1). */
    static INDArray randomArray(SplittableRandom random, DataType type, long... shape) {
        long len = 1;
        for (long s : shape) {
            len *= s;
        }
        double[] v = new double[(int) len];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    /** The scalar {@code sum(layer(input) * projection)} of a training forward with running statistics frozen. */
    static double projectedOutput(Layer layer, INDArray input, INDArray projection) {
        return layer.forward(input, ForwardMode.TRAIN_FROZEN_STATS).mul(projection).sumNumber().doubleValue();
    }

    /**
     * Finite-difference check of one layer on its own, for the scalar {@code sum(layer(input) * projection)}: the
     * backward of {@code projection} must give that scalar's gradient with respect to {@code samples} random entries
     * of every parameter and {@code inputSamples} random entries of the input. Returns the worst violation of
     * |analytic - numeric| <= atol + rtol*|numeric| (<= 0 means all within tolerance).
     */
    static double worstLayerViolation(Layer layer, INDArray input, INDArray projection, int samples,
                                      int inputSamples, SplittableRandom random, double rtol, double atol,
                                      StringBuilder report) {
        List<Parameter> params = layer.parameters();
        INDArray[] grads = new INDArray[params.size()];
        for (int p = 0; p < grads.length; p++) {
            INDArray v = params.get(p).value();
            grads[p] = Nd4j.create(v.dataType(), v.shape(), 'c');
        }
        layer.forward(input, ForwardMode.TRAIN_FROZEN_STATS);
        INDArray gradInput = layer.backward(projection, grads).dup('c');
        double worst = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < params.size(); p++) {
            worst = Math.max(worst, checkEntries(layer, input, projection, params.get(p).value(), grads[p],
                    params.get(p).name(), samples, random, rtol, atol, report));
        }
        return Math.max(worst, checkEntries(layer, input, projection, input, gradInput, "input", inputSamples,
                random, rtol, atol, report));
    }

    private static double checkEntries(Layer layer, INDArray input, INDArray projection, INDArray target,
                                       INDArray analytic, String name, int samples, SplittableRandom random,
                                       double rtol, double atol, StringBuilder report) {
        double eps = 1e-6;
        double worst = Double.NEGATIVE_INFINITY;
        INDArray flat = target.reshape(target.length());
        INDArray grad = analytic.reshape(target.length());
        for (int s = 0; s < samples; s++) {
            long i = random.nextLong(target.length());
            double original = flat.getDouble(i);
            flat.putScalar(i, original + eps);
            double plus = projectedOutput(layer, input, projection);
            flat.putScalar(i, original - eps);
            double minus = projectedOutput(layer, input, projection);
            flat.putScalar(i, original);
            double numeric = (plus - minus) / (2 * eps);
            double a = grad.getDouble(i);
            double violation = Math.abs(a - numeric) - (atol + rtol * Math.abs(numeric));
            if (violation > 0) {
                report.append(name).append('[').append(i).append("]: analytic ").append(a).append(" numeric ")
                        .append(numeric).append('\n');
            }
            worst = Math.max(worst, violation);
        }
        return worst;
    }
}

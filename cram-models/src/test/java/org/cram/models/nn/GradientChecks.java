package org.cram.models.nn;

import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
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

    /** Loss at the current parameters, with running statistics untouched. */
    static double loss(Model model, Batch batch) {
        return model.lossAndGradients(batch, TensorSet.zerosLike(model.parameters()), ForwardMode.TRAIN_FROZEN_STATS)
                .loss();
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
}

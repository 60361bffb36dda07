package org.cram.optim;

import java.util.ArrayList;
import java.util.List;
import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * f(theta) = 1/2 theta^T A theta over a prunable weight and a non-prunable bias, concatenated in that order; the
 * gradient A theta is computed in plain Java doubles. Records the passes it was called with.
 */
final class QuadraticObjective implements Objective {
    final double[][] a;
    final ParameterSet params;
    final List<Pass> passes = new ArrayList<>();

    QuadraticObjective(double[][] a, double[] weight, long[] weightShape, double[] bias) {
        this.a = a;
        List<Parameter> ps = new ArrayList<>();
        ps.add(Parameter.weight("w", Nd4j.create(weight, weightShape, 'c'), 1, 0));
        if (bias.length > 0) {
            ps.add(Parameter.of("b", ParameterRole.BIAS, false, Nd4j.createFromArray(bias)));
        }
        this.params = new ParameterSet(ps);
    }

    static double[] flat(ParameterSet params) {
        List<Double> out = new ArrayList<>();
        for (Parameter p : params) {
            for (double v : p.value().data().asDouble()) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] times(double[][] a, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    @Override
    public ParameterSet parameters() {
        return params;
    }

    @Override
    public double lossAndGradients(TensorSet gradients, Pass pass) {
        passes.add(pass);
        double[] theta = flat(params);
        double[] g = times(a, theta);
        double loss = 0;
        for (int i = 0; i < theta.length; i++) {
            loss += 0.5 * theta[i] * g[i];
        }
        int at = 0;
        for (int p = 0; p < params.size(); p++) {
            int n = (int) params.get(p).numel();
            double[] slice = java.util.Arrays.copyOfRange(g, at, at + n);
            gradients.get(p).assign(Nd4j.create(slice, params.get(p).value().shape(), 'c'));
            at += n;
        }
        return loss;
    }
}

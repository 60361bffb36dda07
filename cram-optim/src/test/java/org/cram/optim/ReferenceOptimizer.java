package org.cram.optim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A plain-Java double-precision transcription of the reference optimizers (torch.optim.SGD/Adam/AdamW, davda54
 * SAM/ASAM, IST-DASLab TopkCrAM and TopkCrAMPeriod), independent of ND4J and of the code under test. Parameters are
 * one flat vector whose first {@code prunable} entries form the compressible weight; the objective is
 * f = 1/2 theta^T A theta. The Top-K mask is computed by a full sort.
 */
final class ReferenceOptimizer {
    enum Base { SGD, ADAM, ADAMW }

    enum AscentKind { NONE, PLAIN, NORMALIZED, ADAPTIVE }

    // configuration
    Base base = Base.SGD;
    double lr = 0.05;
    double momentum;
    double dampening;
    boolean nesterov;
    double weightDecay;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    AscentKind ascent = AscentKind.NONE;
    double rho;
    boolean compress;
    boolean plus;
    boolean sparseGradient;
    int maskRefreshPeriod = 1;

    // state
    private double[] buf;
    private double[] m;
    private double[] v;
    private long t;
    private final Map<Double, double[]> storedMasks = new HashMap<>();
    private final Map<Double, Long> uses = new HashMap<>();

    private final double[][] a;
    private final int prunable;
    final double[] theta;

    ReferenceOptimizer(double[][] a, double[] theta, int prunable) {
        this.a = a;
        this.theta = theta.clone();
        this.prunable = prunable;
    }

    private double[] grad(double[] x) {
        return QuadraticObjective.times(a, x);
    }

    /** One step; {@code sparsity} is the target drawn for this step (ignored without compression). */
    void step(double sparsity) {
        int n = theta.length;
        double[] g0 = grad(theta);
        double[] g = g0;
        if (ascent != AscentKind.NONE) {
            double[] e = new double[n];
            if (ascent == AscentKind.ADAPTIVE) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += Math.pow(Math.abs(theta[i]) * g0[i], 2);
                }
                double scale = rho / (Math.sqrt(s) + 1e-12);
                for (int i = 0; i < n; i++) {
                    e[i] = theta[i] * theta[i] * g0[i] * scale;
                }
            } else {
                double scale = rho;
                if (ascent == AscentKind.NORMALIZED) {
                    double s = 0;
                    for (double x : g0) {
                        s += x * x;
                    }
                    scale = rho / (Math.sqrt(s) + 1e-12);
                }
                for (int i = 0; i < n; i++) {
                    e[i] = scale * g0[i];
                }
            }
            double[] point = new double[n];
            for (int i = 0; i < n; i++) {
                point[i] = theta[i] + e[i];
            }
            double[] mask = new double[n];
            Arrays.fill(mask, 1);
            if (compress) {
                mask = mask(point, sparsity);
                for (int i = 0; i < n; i++) {
                    point[i] *= mask[i];
                }
            }
            double[] g1 = grad(point);
            g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = (sparseGradient ? mask[i] : 1) * g1[i] + (plus ? g0[i] : 0);
            }
        }
        baseStep(g);
    }

    private double[] mask(double[] point, double sparsity) {
        long used = uses.getOrDefault(sparsity, 0L);
        uses.put(sparsity, used + 1);
        double[] stored = storedMasks.get(sparsity);
        if (stored != null && used % maskRefreshPeriod != 0) {
            return stored;
        }
        double[] mask = new double[point.length];
        Arrays.fill(mask, 1);
        if (sparsity > 0) {
            double[] mags = new double[prunable];
            for (int i = 0; i < prunable; i++) {
                mags[i] = Math.abs(point[i]);
            }
            double[] sorted = mags.clone();
            Arrays.sort(sorted);
            int kk = (int) Math.ceil(prunable * (1.0 - sparsity));
            double tau = sorted[prunable - kk];
            for (int i = 0; i < prunable; i++) {
                mask[i] = mags[i] > tau ? 1 : 0;
            }
        }
        storedMasks.put(sparsity, mask);
        return mask;
    }

    private void baseStep(double[] g) {
        int n = theta.length;
        if (base == Base.SGD) {
            boolean first = buf == null;
            if (first) {
                buf = new double[n];
            }
            for (int i = 0; i < n; i++) {
                double d = g[i] + weightDecay * theta[i];
                if (momentum != 0) {
                    buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                theta[i] -= lr * d;
            }
            return;
        }
        if (m == null) {
            m = new double[n];
            v = new double[n];
        }
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            if (base == Base.ADAMW) {
                theta[i] *= 1 - lr * weightDecay;
            } else {
                gi += weightDecay * theta[i];
            }
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            theta[i] -= (lr / bc1) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
        }
    }
}

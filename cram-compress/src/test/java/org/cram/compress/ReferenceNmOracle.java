package org.cram.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.cram.api.param.Parameter;

/**
 * A plain transcription of the reference's N:M mask ({@code utils/pruning_utils.py: one_shot_NM_prune}) on PyTorch
 * layouts: our conv {@code [kh, kw, I, O]} is first rewritten as torch's {@code [O, I, kh, kw]}; then, as in the
 * reference, {@code w.permute(0, 2, 3, 1).reshape(-1, M)}, an ascending stable argsort of |w| per row, the first
 * {@code M - N} indices zeroed, and the mask reshaped and permuted back.
 */
final class ReferenceNmOracle {
    private ReferenceNmOracle() {
    }

    /** Our conv [kh, kw, I, O] as torch's [O, I, kh, kw], C order. */
    static double[] toTorchConv(double[] ours, int kh, int kw, int in, int out) {
        double[] t = new double[ours.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        t[((o * in + i) * kh + h) * kw + w] = ours[((h * kw + w) * in + i) * out + o];
                    }
                }
            }
        }
        return t;
    }

    static double[] fromTorchConv(double[] torch, int kh, int kw, int in, int out) {
        double[] ours = new double[torch.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        ours[((h * kw + w) * in + i) * out + o] = torch[((o * in + i) * kh + h) * kw + w];
                    }
                }
            }
        }
        return ours;
    }

    /** torch {@code t.permute(0, 2, 3, 1)} of an [O, I, kh, kw] tensor, flattened: [O, kh, kw, I]. */
    static double[] permute0231(double[] t, int out, int in, int kh, int kw) {
        double[] p = new double[t.length];
        for (int o = 0; o < out; o++) {
            for (int h = 0; h < kh; h++) {
                for (int w = 0; w < kw; w++) {
                    for (int i = 0; i < in; i++) {
                        p[((o * kh + h) * kw + w) * in + i] = t[((o * in + i) * kh + h) * kw + w];
                    }
                }
            }
        }
        return p;
    }

    /** The inverse of {@link #permute0231}. */
    static double[] permute0312(double[] p, int out, int in, int kh, int kw) {
        double[] t = new double[p.length];
        for (int o = 0; o < out; o++) {
            for (int h = 0; h < kh; h++) {
                for (int w = 0; w < kw; w++) {
                    for (int i = 0; i < in; i++) {
                        t[((o * in + i) * kh + h) * kw + w] = p[((o * kh + h) * kw + w) * in + i];
                    }
                }
            }
        }
        return t;
    }

    /** Rows of M of the flattened tensor: ones except the M - N smallest |w| per row (stable order on ties). */
    static double[] rowMask(double[] flat, int n, int m) {
        double[] mask = new double[flat.length];
        Arrays.fill(mask, 1.0);
        for (int row = 0; row < flat.length / m; row++) {
            List<Integer> idx = new ArrayList<>();
            for (int t = 0; t < m; t++) {
                idx.add(t);
            }
            int base = row * m;
            idx.sort(Comparator.comparingDouble(t -> Math.abs(flat[base + t]))); // List.sort is stable
            for (int r = 0; r < m - n; r++) {
                mask[base + idx.get(r)] = 0.0;
            }
        }
        return mask;
    }

    /** The reference mask of a linear [O, I] or conv [kh, kw, I, O] parameter, in our layout. */
    static double[] referenceMask(Parameter p, int n, int m) {
        long[] s = p.value().shape();
        double[] w = Weights.values(p);
        if (s.length == 2) {
            return rowMask(w, n, m);
        }
        int kh = (int) s[0];
        int kw = (int) s[1];
        int in = (int) s[2];
        int out = (int) s[3];
        double[] permuted = permute0231(toTorchConv(w, kh, kw, in, out), out, in, kh, kw);
        return fromTorchConv(permute0312(rowMask(permuted, n, m), out, in, kh, kw), kh, kw, in, out);
    }

    /** The values of a linear or conv parameter in the reference's group order. */
    static double[] toReferenceOrder(Parameter p) {
        long[] s = p.value().shape();
        double[] w = Weights.values(p);
        if (s.length == 2) {
            return w;
        }
        return permute0231(toTorchConv(w, (int) s[0], (int) s[1], (int) s[2], (int) s[3]),
                (int) s[3], (int) s[2], (int) s[0], (int) s[1]);
    }
}

package org.cram.models.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean softmax cross-entropy over a batch of logits, with its gradient {@code (softmax - onehot) / n}, computed in
 * double with the log-sum-exp shift so large logits neither overflow nor lose precision.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /** Loss, accuracy count and gradient of one batch. */
    public record Result(double loss, int correct, INDArray gradLogits) {
    }

    /**
     * @param logits {@code [n, classes]}
     * @param labels class index per row
     * @throws IllegalArgumentException for a label outside [0, classes) or a non-finite loss (naming the row)
     */
    public static Result compute(INDArray logits, int[] labels) {
        int n = (int) logits.size(0);
        int classes = (int) logits.size(1);
        double[] z = logits.dup('c').data().asDouble();
        double[] grad = new double[z.length];
        double total = 0;
        int correct = 0;
        for (int r = 0; r < n; r++) {
            int label = labels[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " at row " + r + " outside [0, " + classes + ")");
            }
            int base = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < classes; c++) {
                if (z[base + c] > max) {
                    max = z[base + c];
                    argmax = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[base + c] - max);
            }
            double logSum = Math.log(sum);
            total += logSum - (z[base + label] - max);
            for (int c = 0; c < classes; c++) {
                grad[base + c] = Math.exp(z[base + c] - max - logSum) / n;
            }
            grad[base + label] -= 1.0 / n;
            if (argmax == label) {
                correct++;
            }
        }
        double loss = total / n;
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("non-finite loss " + loss + " over a batch of " + n
                    + " (diverged training? lower the learning rate or rho)");
        }
        INDArray g = Nd4j.create(grad, logits.shape(), 'c').castTo(logits.dataType());
        return new Result(loss, correct, g);
    }
}

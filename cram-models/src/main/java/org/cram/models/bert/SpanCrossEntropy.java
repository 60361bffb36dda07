package org.cram.models.bert;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The loss of span question answering, as Hugging Face's BertForQuestionAnswering: the mean over the batch of the
 * softmax cross-entropies of the start logits and of the end logits (over sequence positions), averaged:
 * {@code (CE(start) + CE(end)) / 2}. Computed in double with the log-sum-exp shift.
 */
public final class SpanCrossEntropy {
    private SpanCrossEntropy() {
    }

    /**
     * @param loss       the mean loss
     * @param correct    examples whose argmax start and argmax end both equal the labels
     * @param gradLogits dLoss/dLogits in the logits' layout {@code [n, seq, 2]} and type
     */
    public record Result(double loss, int correct, INDArray gradLogits) {
    }

    /**
     * @param logits {@code [n, seq, 2]}: start logits at index 0 of the last axis, end logits at index 1
     * @param starts answer start position per row, in {@code [0, seq)}
     * @param ends   answer end position per row, in {@code [0, seq)}
     */
    public static Result compute(INDArray logits, int[] starts, int[] ends) {
        int n = (int) logits.size(0);
        int seq = (int) logits.size(1);
        if (logits.rank() != 3 || logits.size(2) != 2) {
            throw new IllegalArgumentException("span logits must be [n, seq, 2], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        if (starts.length != n || ends.length != n) {
            throw new IllegalArgumentException("span labels: " + starts.length + " starts and " + ends.length
                    + " ends for " + n + " rows");
        }
        double[] z = logits.dup('c').data().asDouble();
        double[] grad = new double[z.length];
        double total = 0;
        int correct = 0;
        for (int r = 0; r < n; r++) {
            boolean bothRight = true;
            for (int which = 0; which < 2; which++) {
                int label = which == 0 ? starts[r] : ends[r];
                if (label < 0 || label >= seq) {
                    throw new IllegalArgumentException((which == 0 ? "start" : "end") + " position " + label
                            + " at row " + r + " outside [0, " + seq + ")");
                }
                int base = r * seq * 2 + which;
                double max = Double.NEGATIVE_INFINITY;
                int argmax = 0;
                for (int t = 0; t < seq; t++) {
                    double v = z[base + 2 * t];
                    if (v > max) {
                        max = v;
                        argmax = t;
                    }
                }
                double sum = 0;
                for (int t = 0; t < seq; t++) {
                    sum += Math.exp(z[base + 2 * t] - max);
                }
                double logSum = Math.log(sum);
                total += logSum - (z[base + 2 * label] - max);
                for (int t = 0; t < seq; t++) {
                    grad[base + 2 * t] = 0.5 * Math.exp(z[base + 2 * t] - max - logSum) / n;
                }
                grad[base + 2 * label] -= 0.5 / n;
                bothRight &= argmax == label;
            }
            if (bothRight) {
                correct++;
            }
        }
        double loss = total / (2.0 * n);
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("non-finite span loss " + loss + " over a batch of " + n
                    + " (diverged training? lower the learning rate or rho)");
        }
        INDArray g = Nd4j.create(grad, logits.shape(), 'c').castTo(logits.dataType());
        return new Result(loss, correct, g);
    }
}

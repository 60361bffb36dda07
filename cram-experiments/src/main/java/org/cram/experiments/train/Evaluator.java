package org.cram.experiments.train;

import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.experiments.data.BatchLoader;
import org.cram.models.nn.SoftmaxCrossEntropy;

/** Top-1 accuracy and mean cross-entropy of a model on a whole dataset, in evaluation mode. */
public final class Evaluator {
    /** Evaluation batch size (large: evaluation keeps no activations for a backward pass). */
    public static final int BATCH_SIZE = 1000;

    private Evaluator() {
    }

    /** Accuracy in [0, 1] and mean loss. */
    public record Evaluation(double accuracy, double loss, int examples) {
    }

    public static Evaluation evaluate(Model model, Dataset data) {
        long correct = 0;
        double lossSum = 0;
        int n = 0;
        for (Batch b : BatchLoader.sequential(data, BATCH_SIZE).epoch(0)) {
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.compute(model.output(b, ForwardMode.EVAL),
                    b.labels());
            correct += r.correct();
            lossSum += r.loss() * b.size();
            n += b.size();
        }
        return new Evaluation((double) correct / n, lossSum / n, n);
    }
}

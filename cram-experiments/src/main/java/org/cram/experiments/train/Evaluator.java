package org.cram.experiments.train;

import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.experiments.data.BatchLoader;
import org.cram.models.nn.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Top-1 accuracy and mean cross-entropy of a model on a whole dataset, in evaluation mode. */
public final class Evaluator {
    /** Evaluation batch size (large: evaluation keeps no activations for a backward pass). */
    public static final int BATCH_SIZE = 1000;

    private Evaluator() {
    }

    /**
     * Accuracy in [0, 1], mean loss, and every example's true and predicted class (in dataset order).
     */
    public record Evaluation(double accuracy, double loss, int examples, int[] truth, int[] predicted) {
        /** Per-class precision/recall/F1 and the confusion matrix of these predictions. */
        public ClassificationReport report(java.util.List<String> classNames) {
            return ClassificationReport.of(truth, predicted, classNames);
        }
    }

    /** Evaluates in batches of {@link #BATCH_SIZE}. */
    public static Evaluation evaluate(Model model, Dataset data) {
        return evaluate(model, data, BATCH_SIZE);
    }

    /** Evaluates in batches of {@code batchSize} (smaller for models with large activations, such as BERT). */
    public static Evaluation evaluate(Model model, Dataset data, int batchSize) {
        long correct = 0;
        double lossSum = 0;
        int n = 0;
        int[] truth = new int[data.size()];
        int[] predicted = new int[data.size()];
        for (Batch b : BatchLoader.sequential(data, batchSize).epoch(0)) {
            INDArray logits = model.output(b, ForwardMode.EVAL);
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.compute(logits, b.labels());
            int[] argmax = Nd4j.argMax(logits, 1).toIntVector();
            for (int i = 0; i < b.size(); i++) {
                truth[n + i] = b.label(i);
                predicted[n + i] = argmax[i];
            }
            correct += r.correct();
            lossSum += r.loss() * b.size();
            n += b.size();
        }
        return new Evaluation((double) correct / n, lossSum / n, n, truth, predicted);
    }
}

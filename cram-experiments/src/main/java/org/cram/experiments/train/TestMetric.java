package org.cram.experiments.train;

import java.util.Map;
import java.util.Optional;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;

/**
 * How a task scores a model on its test set, the seam between a task and the trainer, the one-shot sweep and the
 * result table: classification scores top-1 accuracy ({@link #ACCURACY}); span question answering scores SQuAD F1
 * and also reports exact match. Scores are fractions in [0, 1], logged as {@code test_<name>}.
 */
public interface TestMetric {
    /** Top-1 accuracy of a classifier, by {@link Evaluator}. */
    TestMetric ACCURACY = new TestMetric() {
        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public Score evaluate(Model model, Dataset test, int batchSize) {
            Evaluator.Evaluation e = Evaluator.evaluate(model, test, batchSize);
            return new Score(e.accuracy(), e.loss(), Map.of(), Optional.of(e));
        }
    };

    /** The headline score's name, e.g. {@code accuracy} or {@code f1}. */
    String name();

    /** Scores {@code model} on {@code test} in evaluation mode, {@code batchSize} examples per forward pass. */
    Score evaluate(Model model, Dataset test, int batchSize);

    /**
     * One evaluation.
     *
     * @param value          the headline score in [0, 1]
     * @param loss           the mean test loss
     * @param details        further scores by name (e.g. {@code exact_match}), in logging order
     * @param classification every example's true and predicted class, for classifiers
     */
    record Score(double value, double loss, Map<String, Double> details,
                 Optional<Evaluator.Evaluation> classification) {
        public Score {
            details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }
}

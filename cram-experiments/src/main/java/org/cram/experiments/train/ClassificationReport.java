package org.cram.experiments.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.impl.ArrayExample;

/**
 * Accuracy, per-class precision, recall and F1, and the confusion matrix of a classifier's predictions, counted
 * by Tribuo's {@link LabelConfusionMatrix}.
 */
public final class ClassificationReport {
    private final List<String> classNames;
    private final LabelConfusionMatrix matrix;
    private final List<Label> labels;

    private ClassificationReport(List<String> classNames, LabelConfusionMatrix matrix, List<Label> labels) {
        this.classNames = classNames;
        this.matrix = matrix;
        this.labels = labels;
    }

    /**
     * @param truth      true class per example
     * @param predicted  predicted class per example
     * @param classNames one name per class id
     */
    public static ClassificationReport of(int[] truth, int[] predicted, List<String> classNames) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need equally many (> 0) true and predicted labels, got "
                    + truth.length + " and " + predicted.length);
        }
        List<Label> labels = new ArrayList<>();
        Map<Label, Integer> ids = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            Label l = new Label(classNames.get(i));
            labels.add(l);
            ids.put(l, i);
        }
        ImmutableOutputInfo<Label> domain = new LabelFactory().constructInfoForExternalModel(ids);
        List<Prediction<Label>> predictions = new ArrayList<>(truth.length);
        for (int i = 0; i < truth.length; i++) {
            predictions.add(new Prediction<>(labels.get(check(predicted[i], classNames)), 0,
                    new ArrayExample<>(labels.get(check(truth[i], classNames)))));
        }
        LabelConfusionMatrix m = new LabelConfusionMatrix(domain, predictions);
        m.setLabelOrder(labels);
        return new ClassificationReport(List.copyOf(classNames), m, labels);
    }

    private static int check(int c, List<String> names) {
        if (c < 0 || c >= names.size()) {
            throw new IllegalArgumentException("class id " + c + " outside [0, " + names.size() + ")");
        }
        return c;
    }

    public double accuracy() {
        double correct = 0;
        for (Label l : labels) {
            correct += matrix.tp(l);
        }
        return correct / matrix.support();
    }

    public double precision(int c) {
        Label l = labels.get(c);
        double d = matrix.tp(l) + matrix.fp(l);
        return d == 0 ? 0 : matrix.tp(l) / d;
    }

    public double recall(int c) {
        Label l = labels.get(c);
        double d = matrix.tp(l) + matrix.fn(l);
        return d == 0 ? 0 : matrix.tp(l) / d;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < labels.size(); c++) {
            s += f1(c);
        }
        return s / labels.size();
    }

    /** How many examples of class {@code truth} were predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return Math.round(matrix.confusion(labels.get(predicted), labels.get(truth)));
    }

    /** Metrics for tracking: accuracy, macro F1 and per-class precision/recall/F1 under {@code prefix}. */
    public Map<String, Double> metrics(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "accuracy", accuracy());
        m.put(prefix + "macro_f1", macroF1());
        for (int c = 0; c < labels.size(); c++) {
            String name = classNames.get(c).replaceAll("[^A-Za-z0-9_.\\- ]", "_");
            m.put(prefix + "precision/" + name, precision(c));
            m.put(prefix + "recall/" + name, recall(c));
            m.put(prefix + "f1/" + name, f1(c));
        }
        return m;
    }

    /** The confusion matrix as CSV: one row per true class, one column per predicted class. */
    public String confusionCsv() {
        StringBuilder sb = new StringBuilder("true\\predicted");
        classNames.forEach(n -> sb.append(',').append(csv(n)));
        sb.append('\n');
        for (int t = 0; t < labels.size(); t++) {
            sb.append(csv(classNames.get(t)));
            for (int p = 0; p < labels.size(); p++) {
                sb.append(',').append(count(t, p));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "accuracy %.4f, macro F1 %.4f", accuracy(), macroF1());
    }
}

package org.cram.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The experiment's outcome: one row per trained model, test accuracy per one-shot sparsity. */
public final class ResultTable {
    private final List<Double> sparsities;
    private final List<Double> fineTuneSparsities;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param accuracies   accuracy per sparsity (after batch-norm re-tuning where it ran)
     * @param retuned      whether batch-norm re-tuning ran for this row
     * @param fineTuned    accuracy after sparse fine-tuning per {@code finetune.sparsities} (empty without)
     */
    public record Row(String model, String optimizer, double denseAccuracy, List<Double> accuracies,
                      boolean retuned, List<Double> fineTuned) {
        public Row(String model, String optimizer, double denseAccuracy, List<Double> accuracies, boolean retuned) {
            this(model, optimizer, denseAccuracy, accuracies, retuned, List.of());
        }

        public Row withFineTuned(List<Double> values) {
            return new Row(model, optimizer, denseAccuracy, accuracies, retuned, List.copyOf(values));
        }
    }

    public ResultTable(List<Double> sparsities) {
        this(sparsities, List.of());
    }

    /** @param fineTuneSparsities extra columns: accuracy after sparse fine-tuning at these sparsities */
    public ResultTable(List<Double> sparsities, List<Double> fineTuneSparsities) {
        this.sparsities = List.copyOf(sparsities);
        this.fineTuneSparsities = List.copyOf(fineTuneSparsities);
    }

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The sparsity grid (the table's columns). */
    public List<Double> sparsities() {
        return sparsities;
    }

    /** A Markdown table: model, optimizer, BN re-tuning, then accuracy (%) per sparsity. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| model | optimizer | BN re-tuned |");
        for (double s : sparsities) {
            sb.append(String.format(Locale.ROOT, " %s |", percent(s)));
        }
        for (double s : fineTuneSparsities) {
            sb.append(String.format(Locale.ROOT, " %s + FT |", percent(s)));
        }
        sb.append("\n|---|---|---|");
        sparsities.forEach(s -> sb.append("---:|"));
        fineTuneSparsities.forEach(s -> sb.append("---:|"));
        sb.append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.model()).append(" | ").append(r.optimizer()).append(" | ")
                    .append(r.retuned() ? "yes" : "n/a").append(" |");
            for (double a : r.accuracies()) {
                sb.append(String.format(Locale.ROOT, " %.2f |", 100 * a));
            }
            for (double a : r.fineTuned()) {
                sb.append(String.format(Locale.ROOT, " %.2f |", 100 * a));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The same numbers as CSV (accuracy as a fraction). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("model,optimizer,bn_retuned");
        sparsities.forEach(s -> sb.append(",acc_at_").append(percent(s).replace("%", "")));
        fineTuneSparsities.forEach(s -> sb.append(",acc_finetuned_at_").append(percent(s).replace("%", "")));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.model()).append(',').append(r.optimizer()).append(',').append(r.retuned());
            r.accuracies().forEach(a -> sb.append(String.format(Locale.ROOT, ",%.4f", a)));
            r.fineTuned().forEach(a -> sb.append(String.format(Locale.ROOT, ",%.4f", a)));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String percent(double s) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * s);
    }
}

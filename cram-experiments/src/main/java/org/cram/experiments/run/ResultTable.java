package org.cram.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.cram.api.compress.CompressionTarget;
import org.cram.experiments.config.ExperimentConfig;

/**
 * The experiment's outcome: one row per trained model, the test score (accuracy; SQuAD F1 for question answering)
 * per one-shot (compressor, target) column, and optionally per sparse fine-tuning sparsity and per sparse transfer
 * sparsity (accuracy on the transfer task).
 */
public final class ResultTable {
    private final List<Column> columns;
    private final List<Double> fineTuneSparsities;
    private final List<Double> transferSparsities;
    private final List<Row> rows = new ArrayList<>();

    /** One one-shot point of the grid; {@code label} heads its column. */
    public record Column(String compressor, CompressionTarget target, String label) {
    }

    /**
     * @param accuracies     accuracy per column (after batch-norm re-tuning where it ran)
     * @param retuned        whether batch-norm re-tuning ran for this row
     * @param fineTuned      accuracy after sparse fine-tuning per fine-tuning sparsity (empty without)
     * @param transferred    accuracy on the transfer task per transfer sparsity (empty without)
     * @param beforeRetuning accuracy per column right after compression, before any re-tuning (empty when the
     *                       row was built without it; equal to {@code accuracies} where no re-tuning ran)
     * @param runIds         the tracked runs behind the row by role ("train", "sweep", "finetune 90%", ...)
     * @param trainSeconds   wall time of training (NaN when the model was restored rather than trained)
     */
    public record Row(String model, String optimizer, double denseAccuracy, List<Double> accuracies,
                      boolean retuned, List<Double> fineTuned, List<Double> transferred, List<Double> beforeRetuning,
                      Map<String, String> runIds, double trainSeconds) {
        public Row {
            accuracies = List.copyOf(accuracies);
            fineTuned = List.copyOf(fineTuned);
            transferred = List.copyOf(transferred);
            beforeRetuning = List.copyOf(beforeRetuning);
            runIds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(runIds));
        }

        /** A row without transfer results. */
        public Row(String model, String optimizer, double denseAccuracy, List<Double> accuracies, boolean retuned,
                   List<Double> fineTuned) {
            this(model, optimizer, denseAccuracy, accuracies, retuned, fineTuned, List.of(), List.of(), Map.of(),
                    Double.NaN);
        }

        public Row withFineTuned(List<Double> values) {
            return new Row(model, optimizer, denseAccuracy, accuracies, retuned, values, transferred, beforeRetuning,
                    runIds, trainSeconds);
        }

        public Row withTransferred(List<Double> values) {
            return new Row(model, optimizer, denseAccuracy, accuracies, retuned, fineTuned, values, beforeRetuning,
                    runIds, trainSeconds);
        }

        /** This row with the scores right after compression, one per column. */
        public Row withBeforeRetuning(List<Double> values) {
            if (values.size() != accuracies.size()) {
                throw new IllegalArgumentException(values.size() + " values before re-tuning for "
                        + accuracies.size() + " columns");
            }
            return new Row(model, optimizer, denseAccuracy, accuracies, retuned, fineTuned, transferred, values,
                    runIds, trainSeconds);
        }

        /** This row with one more tracked run, under {@code role}. */
        public Row withRunId(String role, String runId) {
            Map<String, String> ids = new java.util.LinkedHashMap<>(runIds);
            ids.put(role, runId);
            return new Row(model, optimizer, denseAccuracy, accuracies, retuned, fineTuned, transferred,
                    beforeRetuning, ids, trainSeconds);
        }

        /** This row with its training wall time. */
        public Row withTrainSeconds(double seconds) {
            return new Row(model, optimizer, denseAccuracy, accuracies, retuned, fineTuned, transferred,
                    beforeRetuning, runIds, seconds);
        }
    }

    /** A table without transfer columns. */
    public ResultTable(List<Column> columns, List<Double> fineTuneSparsities) {
        this(columns, fineTuneSparsities, List.of());
    }

    /**
     * @param columns            the one-shot columns
     * @param fineTuneSparsities one "S + FT" column per sparse fine-tuning sparsity
     * @param transferSparsities one "S + transfer" column per sparse transfer sparsity
     */
    public ResultTable(List<Column> columns, List<Double> fineTuneSparsities, List<Double> transferSparsities) {
        this.columns = List.copyOf(columns);
        this.fineTuneSparsities = List.copyOf(fineTuneSparsities);
        this.transferSparsities = List.copyOf(transferSparsities);
    }

    /**
     * The columns of a sweep grid. With a single compressor over sparsities, columns are headed by the percentage
     * alone ("90%"); otherwise by compressor and target ("n-of-m 2:4").
     */
    public static List<Column> columns(ExperimentConfig.Sweep sweep) {
        boolean plain = sweep.entries().size() == 1 && sweep.entries().get(0).targets().stream()
                .allMatch(t -> t instanceof CompressionTarget.Sparsity);
        List<Column> out = new ArrayList<>();
        for (ExperimentConfig.SweepEntry e : sweep.entries()) {
            for (CompressionTarget t : e.targets()) {
                out.add(new Column(e.compressor(), t, plain ? percent(((CompressionTarget.Sparsity) t).fraction())
                        : e.compressor() + " " + label(t)));
            }
        }
        return out;
    }

    /** A short label: "90%", "2:4", "8bit". */
    public static String label(CompressionTarget t) {
        return t instanceof CompressionTarget.Sparsity s ? percent(s.fraction()) : t.label();
    }

    public void add(Row row) {
        if (row.accuracies().size() != columns.size()) {
            throw new IllegalArgumentException("row has " + row.accuracies().size() + " values for "
                    + columns.size() + " columns");
        }
        if (!row.transferred().isEmpty() && row.transferred().size() != transferSparsities.size()) {
            throw new IllegalArgumentException("row has " + row.transferred().size() + " transfer values for "
                    + transferSparsities.size() + " transfer columns");
        }
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Column> columns() {
        return columns;
    }

    /** Headers of the fine-tuning and transfer columns, in table order. */
    public List<String> extraColumnLabels() {
        List<String> out = new ArrayList<>();
        fineTuneSparsities.forEach(s -> out.add(percent(s) + " + FT"));
        transferSparsities.forEach(s -> out.add(percent(s) + " + transfer"));
        return out;
    }

    /** A Markdown table: model, optimizer, BN re-tuning, then the score (%) per column. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| model | optimizer | BN re-tuned |");
        columns.forEach(c -> sb.append(' ').append(c.label()).append(" |"));
        extraColumnLabels().forEach(l -> sb.append(' ').append(l).append(" |"));
        sb.append("\n|---|---|---|");
        columns.forEach(c -> sb.append("---:|"));
        extraColumnLabels().forEach(l -> sb.append("---:|"));
        sb.append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.model()).append(" | ").append(r.optimizer()).append(" | ")
                    .append(r.retuned() ? "yes" : "n/a").append(" |");
            r.accuracies().forEach(a -> sb.append(String.format(Locale.ROOT, " %.2f |", 100 * a)));
            r.fineTuned().forEach(a -> sb.append(String.format(Locale.ROOT, " %.2f |", 100 * a)));
            r.transferred().forEach(a -> sb.append(String.format(Locale.ROOT, " %.2f |", 100 * a)));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The same numbers as CSV (scores as fractions). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("model,optimizer,bn_retuned");
        columns.forEach(c -> sb.append(",\"").append(c.label()).append('"'));
        extraColumnLabels().forEach(l -> sb.append(",\"").append(l).append('"'));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.model()).append(',').append(r.optimizer()).append(',').append(r.retuned());
            r.accuracies().forEach(a -> sb.append(String.format(Locale.ROOT, ",%.4f", a)));
            r.fineTuned().forEach(a -> sb.append(String.format(Locale.ROOT, ",%.4f", a)));
            r.transferred().forEach(a -> sb.append(String.format(Locale.ROOT, ",%.4f", a)));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String percent(double s) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * s);
    }
}

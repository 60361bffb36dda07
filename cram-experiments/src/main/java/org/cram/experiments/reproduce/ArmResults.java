package org.cram.experiments.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cram.experiments.run.ResultTable;

/**
 * One experiment config's rows gathered over seeds: per (model, optimizer) arm, the statistics of every column.
 *
 * @param columns          the one-shot columns (the same for every seed)
 * @param extraLabels      headers of the fine-tuning / transfer columns
 * @param arms             per arm, in table order
 */
public record ArmResults(List<ResultTable.Column> columns, List<String> extraLabels, List<Arm> arms) {

    /**
     * @param dense          the dense model's score
     * @param oneShot        per column, the final score (after batch-norm re-tuning where it ran)
     * @param beforeRetuning per column, the score right after compression
     * @param extra          per fine-tuning / transfer column
     */
    public record Arm(String model, String optimizer, boolean retuned, SeedStatistics dense,
                      List<SeedStatistics> oneShot, List<SeedStatistics> beforeRetuning, List<SeedStatistics> extra) {
        /** "resnet20 / cram-plus" */
        public String label() {
            return model + " / " + optimizer;
        }
    }

    /** Gathers the tables of one config's seeds (all with the same columns and arms). */
    public static ArmResults of(List<ResultTable> perSeed) {
        if (perSeed.isEmpty()) {
            throw new IllegalArgumentException("no seeds to gather");
        }
        ResultTable first = perSeed.get(0);
        Map<String, List<ResultTable.Row>> byArm = new LinkedHashMap<>();
        for (ResultTable t : perSeed) {
            if (!t.columns().equals(first.columns())) {
                throw new IllegalArgumentException("seeds have different columns: " + t.columns() + " vs "
                        + first.columns());
            }
            for (ResultTable.Row r : t.rows()) {
                byArm.computeIfAbsent(r.model() + " / " + r.optimizer(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Arm> arms = new ArrayList<>();
        for (List<ResultTable.Row> rows : byArm.values()) {
            ResultTable.Row r0 = rows.get(0);
            int cols = r0.accuracies().size();
            arms.add(new Arm(r0.model(), r0.optimizer(), r0.retuned(),
                    stats(rows, ResultTable.Row::denseAccuracy),
                    perColumn(rows, cols, ResultTable.Row::accuracies),
                    r0.beforeRetuning().isEmpty() ? List.of() : perColumn(rows, cols, ResultTable.Row::beforeRetuning),
                    perColumn(rows, r0.fineTuned().size() + r0.transferred().size(), r -> {
                        List<Double> all = new ArrayList<>(r.fineTuned());
                        all.addAll(r.transferred());
                        return all;
                    })));
        }
        return new ArmResults(first.columns(), first.extraColumnLabels(), arms);
    }

    private static SeedStatistics stats(List<ResultTable.Row> rows, java.util.function.ToDoubleFunction<ResultTable.Row> f) {
        return SeedStatistics.of(rows.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    private static List<SeedStatistics> perColumn(List<ResultTable.Row> rows, int columns,
                                                  Function<ResultTable.Row, List<Double>> values) {
        List<SeedStatistics> out = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            int col = c;
            out.add(SeedStatistics.of(rows.stream().map(r -> values.apply(r).get(col)).toList()));
        }
        return out;
    }
}

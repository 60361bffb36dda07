package org.cram.experiments.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.run.ResultTable;
import org.cram.experiments.run.RunContext;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a suite's report folder: {@code report.md} (tables as mean ± std over seeds, the tuning, the computed
 * comparison with the paper's claims, the hand-written {@code discussion.md} if present, machine and run times),
 * one accuracy-vs-sparsity PNG per experiment, {@code results.csv} (every seed's numbers), {@code runs.csv} (the
 * MLflow run ids) and {@code configs/} (the configs and the overrides each ran with).
 */
public final class TableReport {
    /** The hand-written part of a report, kept across regenerations. */
    public static final String DISCUSSION = "discussion.md";
    private final Path dir;

    /** @param dir the report folder (created if absent) */
    public TableReport(Path dir) {
        this.dir = dir;
    }

    /** Writes everything and returns the path of report.md. */
    public Path write(Reproduction.Outcome outcome, String command) {
        try {
            Files.createDirectories(dir.resolve("configs"));
            Map<Path, List<Reproduction.SeedRun>> byConfig = new LinkedHashMap<>();
            outcome.runs().forEach(r -> byConfig.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r));
            StringBuilder md = new StringBuilder();
            SuiteHeader.write(md, outcome, command);
            outcome.tuning().ifPresent(t -> tuningSection(md, t));
            Map<String, ArmResults> gathered = new LinkedHashMap<>();
            Map<String, ExperimentConfig> configs = new LinkedHashMap<>();
            for (List<Reproduction.SeedRun> runs : byConfig.values()) {
                ExperimentConfig config = runs.get(0).config();
                ArmResults results = ArmResults.of(runs.stream().map(Reproduction.SeedRun::table).toList());
                gathered.put(config.experiment(), results);
                configs.put(config.experiment(), config);
                resultsSection(md, runs, results);
            }
            md.append(ClaimCheck.section(gathered, configs));
            Path discussion = dir.resolve(DISCUSSION);
            md.append("\n## Discussion\n\n");
            if (Files.exists(discussion)) {
                md.append(Files.readString(discussion).strip()).append('\n');
            } else {
                md.append("_No hand-written discussion yet (`").append(DISCUSSION).append("` in this folder)._\n");
            }
            runTimes(md, outcome, byConfig);
            md.append("\n## Files\n\n- `results.csv`: every seed's numbers; `runs.csv`: the MLflow run ids "
                    + "(store: the `--store` of the command, default `./mlruns`); `configs/`: the configs with the "
                    + "overrides each ran with.\n");
            writeCsvs(outcome);
            copyConfigs(outcome);
            Path report = dir.resolve("report.md");
            Files.writeString(report, md.toString());
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }

    private static void tuningSection(StringBuilder md, Reproduction.Tuned t) {
        ExperimentConfig c = t.run().config();
        md.append("\n## How hyper-parameters were chosen\n\n");
        md.append(String.format(Locale.ROOT, "On a validation split of %d training images held out from every run "
                + "(never the test set), seed %d, %d epoch(s); `%s`. A variant's score is the mean validation "
                + "accuracy over the tuning sweep (%s), so it rewards accuracy that survives pruning. The best "
                + "variant of each arm passes its values on: `%s`.%n%n",
                c.data().validationSize(), c.seed(), c.training().epochs(), t.run().file(),
                t.run().table().columns().stream().map(ResultTable.Column::label).toList(),
                String.join(" ", t.selection().overrides())));
        md.append("| variant | validation score (%) | chosen |\n|---|---:|---|\n");
        for (TuningSelection.Candidate cand : t.selection().candidates()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", cand.variant(), 100 * cand.score(),
                    cand.chosen() ? "yes" : ""));
        }
    }

    private void resultsSection(StringBuilder md, List<Reproduction.SeedRun> runs, ArmResults r) throws IOException {
        ExperimentConfig c = runs.get(0).config();
        md.append("\n## ").append(c.experiment()).append("\n\n");
        md.append(String.format(Locale.ROOT, "`%s`: %s, %s training examples, %s test examples, %d epoch(s), "
                + "batch %d, %s schedule. ", runs.get(0).file(), c.data().dataset(),
                c.data().trainLimit() == 0 ? "all" : String.valueOf(c.data().trainLimit()),
                c.data().testLimit() == 0 ? "all" : String.valueOf(c.data().testLimit()), c.training().epochs(),
                c.training().batchSize(), c.training().schedule()));
        int n = runs.size();
        md.append(n == 1 ? "**One seed** (" + runs.get(0).seed() + "): run time did not allow more, so there is no "
                + "spread; differences of a point or less are within seed noise at this scale.\n\n"
                : "Mean ± sample standard deviation over " + n + " seeds ("
                + runs.stream().map(x -> String.valueOf(x.seed())).toList() + ").\n\n");
        md.append("Test accuracy (%) after one-shot compression");
        boolean anyRetuned = r.arms().stream().anyMatch(ArmResults.Arm::retuned);
        md.append(anyRetuned ? ", batch-norm statistics re-tuned after compression:\n\n" : ":\n\n");
        md.append(table(r, false));
        if (anyRetuned && r.arms().stream().noneMatch(a -> a.beforeRetuning().isEmpty())) {
            md.append("\nThe same points before batch-norm re-tuning:\n\n");
            md.append(table(r, true));
        }
        String png = c.experiment() + "_accuracy_vs_sparsity.png";
        if (plot(r, c.experiment(), dir.resolve(png))) {
            md.append("\n![accuracy vs sparsity](").append(png).append(")\n");
        }
    }

    private static String table(ArmResults r, boolean before) {
        StringBuilder sb = new StringBuilder("| model / optimizer | dense |");
        r.columns().forEach(col -> sb.append(' ').append(col.label()).append(" |"));
        if (!before) {
            r.extraLabels().forEach(l -> sb.append(' ').append(l).append(" |"));
        }
        sb.append("\n|---|---:|");
        r.columns().forEach(col -> sb.append("---:|"));
        if (!before) {
            r.extraLabels().forEach(l -> sb.append("---:|"));
        }
        sb.append('\n');
        for (ArmResults.Arm a : r.arms()) {
            sb.append("| ").append(a.label()).append(" | ").append(a.dense().percent()).append(" |");
            (before ? a.beforeRetuning() : a.oneShot()).forEach(s -> sb.append(' ').append(s.percent()).append(" |"));
            if (!before) {
                a.extra().forEach(s -> sb.append(' ').append(s.percent()).append(" |"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Mean accuracy against sparsity per arm for the sparsity columns, with ± std error bars over seeds. */
    static boolean plot(ArmResults r, String title, Path png) throws IOException {
        List<String> compressors = r.columns().stream().filter(c -> c.target() instanceof CompressionTarget.Sparsity)
                .map(ResultTable.Column::compressor).distinct().toList();
        if (compressors.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title + ": one-shot pruning")
                .xAxisTitle("sparsity (%)").yAxisTitle("test accuracy (%)").build();
        for (ArmResults.Arm a : r.arms()) {
            for (String compressor : compressors) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    ResultTable.Column c = r.columns().get(i);
                    if (c.compressor().equals(compressor) && c.target() instanceof CompressionTarget.Sparsity s) {
                        x.add(100 * s.fraction());
                        y.add(100 * a.oneShot().get(i).mean());
                        double std = a.oneShot().get(i).std();
                        err.add(Double.isNaN(std) ? 0.0 : 100 * std);
                    }
                }
                String name = a.optimizer() + (compressors.size() > 1 ? " / " + compressor : "");
                chart.addSeries(name, x, y, err).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.substring(0, file.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static void runTimes(StringBuilder md, Reproduction.Outcome o,
                                 Map<Path, List<Reproduction.SeedRun>> byConfig) {
        md.append("\n## Run times\n\n| config | seed | wall time | training per arm |\n|---|---:|---:|---|\n");
        o.tuning().ifPresent(t -> md.append(runTimeRow(t.run())));
        byConfig.values().forEach(runs -> runs.forEach(r -> md.append(runTimeRow(r))));
        md.append(String.format(Locale.ROOT, "%nEverything: %s.%n", Reproduction.format(o.seconds())));
    }

    private static String runTimeRow(Reproduction.SeedRun r) {
        List<String> arms = r.table().rows().stream().filter(row -> !Double.isNaN(row.trainSeconds()))
                .map(row -> row.optimizer() + " " + Reproduction.format(row.trainSeconds())).toList();
        return String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", r.config().experiment(), r.seed(),
                Reproduction.format(r.seconds()), String.join(", ", arms));
    }

    private void writeCsvs(Reproduction.Outcome o) throws IOException {
        StringBuilder results = new StringBuilder("experiment,seed,model,optimizer,column,score,score_before_retuning\n");
        StringBuilder runIds = new StringBuilder("experiment,seed,model,optimizer,role,run_id\n");
        List<Reproduction.SeedRun> all = new ArrayList<>();
        o.tuning().ifPresent(t -> all.add(t.run()));
        all.addAll(o.runs());
        for (Reproduction.SeedRun r : all) {
            String exp = r.config().experiment();
            for (ResultTable.Row row : r.table().rows()) {
                String prefix = String.format(Locale.ROOT, "%s,%d,%s,%s,", exp, r.seed(), row.model(), row.optimizer());
                results.append(prefix).append("dense,").append(fmt(row.denseAccuracy())).append(",\n");
                for (int i = 0; i < row.accuracies().size(); i++) {
                    results.append(prefix).append('"').append(r.table().columns().get(i).label()).append("\",")
                            .append(fmt(row.accuracies().get(i))).append(',')
                            .append(row.beforeRetuning().isEmpty() ? "" : fmt(row.beforeRetuning().get(i)))
                            .append('\n');
                }
                List<String> extra = r.table().extraColumnLabels();
                List<Double> values = new ArrayList<>(row.fineTuned());
                values.addAll(row.transferred());
                for (int i = 0; i < values.size(); i++) {
                    results.append(prefix).append('"').append(extra.get(i)).append("\",").append(fmt(values.get(i)))
                            .append(",\n");
                }
                row.runIds().forEach((role, id) -> runIds.append(prefix).append(role).append(',').append(id)
                        .append('\n'));
            }
        }
        Files.writeString(dir.resolve("results.csv"), results.toString());
        Files.writeString(dir.resolve("runs.csv"), runIds.toString());
    }

    private void copyConfigs(Reproduction.Outcome o) throws IOException {
        StringBuilder overrides = new StringBuilder();
        List<Reproduction.SeedRun> all = new ArrayList<>();
        o.tuning().ifPresent(t -> all.add(t.run()));
        all.addAll(o.runs());
        for (Reproduction.SeedRun r : all) {
            Files.copy(r.file(), dir.resolve("configs").resolve(r.file().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            overrides.append(r.file().getFileName()).append(" seed ").append(r.seed()).append(": --set ")
                    .append(String.join(" --set ", r.overrides())).append('\n');
        }
        Files.writeString(dir.resolve("configs").resolve("overrides.txt"), overrides.toString());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The report's heading, command, date and machine. */
    static final class SuiteHeader {
        private SuiteHeader() {
        }

        static void write(StringBuilder md, Reproduction.Outcome o, String command) {
            md.append("# ").append(o.suite().title()).append("\n\n");
            if (o.smoke()) {
                md.append("**Smoke version** (tiny subset, to keep the pipeline from rotting): the numbers below "
                        + "mean nothing.\n\n");
            }
            md.append("Regenerated by `").append(command).append("` on ")
                    .append(LocalDate.now(ZoneOffset.UTC)).append(" in ").append(Reproduction.format(o.seconds()))
                    .append(". Everything but the Discussion is generated; the Discussion is hand-written (`"
                            + DISCUSSION + "`).\n\n");
            Map<String, String> t = RunContext.tags();
            md.append("Machine: ").append(t.get("cpu")).append(" cores, ").append(memory()).append(", ")
                    .append(t.get("os")).append(", Java ").append(t.get("java.version")).append(", ND4J ")
                    .append(t.get("nd4j.version")).append(" (CPU backend). Report written at git ")
                    .append(t.get("mlflow.source.git.commit"))
                    .append("; each MLflow run records the commit it ran (`mlflow.source.git.commit`).\n");
        }

        private static String memory() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        return String.format(Locale.ROOT, "%.0f GiB RAM", kb / 1048576.0);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return "RAM unknown";
            }
            return "RAM unknown";
        }
    }
}

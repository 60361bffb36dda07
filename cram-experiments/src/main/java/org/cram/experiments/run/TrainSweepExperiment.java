package org.cram.experiments.run;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.data.Dataset;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;
import org.cram.api.train.TrainingListener;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.OptimizerConfig;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.data.ImageAugmentation;
import org.cram.experiments.sweep.OneShotSweep;
import org.cram.experiments.tracking.SecretRedactor;
import org.cram.experiments.train.Checkpoint;
import org.cram.experiments.train.ClassificationReport;
import org.cram.experiments.train.TestMetric;
import org.cram.experiments.train.Trainer;
import org.cram.api.model.Model;
import org.cram.optim.LearningRateSchedule;

/**
 * The experiment a config describes: for every model and optimizer arm, train from the same initialization, track
 * the run, then sweep one-shot compression over the grid (a parent run with one child run per target), and collect
 * the result table.
 */
public final class TrainSweepExperiment {
    private final ExperimentConfig config;
    private final ExperimentData data;
    private final RunTracker tracker;
    private final OptimizerFactory optimizers;
    private final Map<String, CompressorProvider> compressors;
    private final PrintStream out;
    private final RunOptions options;
    private final ModelFactory models;
    private final SecretRedactor redactor;
    private final TestMetric metric;

    @Inject
    public TrainSweepExperiment(ExperimentConfig config, ExperimentData data, RunTracker tracker,
                                OptimizerFactory optimizers, Map<String, CompressorProvider> compressors,
                                PrintStream out, RunOptions options, ModelFactory models,
                                SecretRedactor redactor) {
        this.config = config;
        this.models = models;
        this.redactor = redactor;
        this.options = options;
        this.data = data;
        this.tracker = tracker;
        this.optimizers = optimizers;
        this.compressors = compressors;
        this.out = out;
        this.metric = data.testMetric();
    }

    /** Runs everything and returns the table (also written as artifacts of each sweep's parent run). */
    public ResultTable run() {
        // build every optimizer spec and sweep compressor first: a bad combination fails before any training
        config.optimizers().forEach(arm -> optimizers.validate(arm, config.seed()));
        for (int i = 0; i < config.sweep().entries().size(); i++) {
            ExperimentConfig.SweepEntry e = config.sweep().entries().get(i);
            try {
                Compressor c = compressors.get(e.compressor()).create(CompressorOptions.of(e.options()));
                for (CompressionTarget t : e.targets()) {
                    if (!c.supports(t)) {
                        throw new IllegalArgumentException("compressor '" + e.compressor() + "' does not support "
                                + t.label());
                    }
                }
            } catch (IllegalArgumentException ex) {
                throw new org.cram.experiments.config.ConfigException("config error in sweep entry " + i + " ("
                        + e.compressor() + "): " + ex.getMessage());
            }
        }
        config.finetune().ifPresent(ft -> requirePrunable("finetune", ft));
        config.transfer().ifPresent(t -> requirePrunable("transfer", t.tuning()));
        RunOptions.Stage stage = options.stage();
        boolean sweeping = stage == RunOptions.Stage.TRAIN_AND_SWEEP || stage == RunOptions.Stage.SWEEP;
        boolean fineTuning = stage == RunOptions.Stage.FINETUNE
                || stage == RunOptions.Stage.TRAIN_AND_SWEEP && config.finetune().isPresent();
        boolean transferring = stage == RunOptions.Stage.TRANSFER
                || stage == RunOptions.Stage.TRAIN_AND_SWEEP && config.transfer().isPresent();
        if (stage == RunOptions.Stage.FINETUNE && config.finetune().isEmpty()) {
            throw new org.cram.experiments.config.ConfigException(
                    "config error: `cram finetune` needs a 'finetune' section (sparsities, epochs, lr)");
        }
        if (stage == RunOptions.Stage.TRANSFER && config.transfer().isEmpty()) {
            throw new org.cram.experiments.config.ConfigException(
                    "config error: `cram transfer` needs a 'transfer' section (data, sparsities, epochs, lr)");
        }
        Dataset train = data.train();
        Dataset test = data.test();
        Optional<TransferStage> transfer = transferring ? Optional.of(new TransferStage(config, train,
                data.forTask(config.transfer().orElseThrow().data()), models, optimizers, tracker, out))
                : Optional.empty();
        ResultTable table = new ResultTable(sweeping ? ResultTable.columns(config.sweep()) : List.of(),
                fineTuning ? config.finetune().orElseThrow().sparsities() : List.of(),
                transferring ? config.transfer().orElseThrow().tuning().sparsities() : List.of());
        Map<String, List<Double>> curves = new java.util.LinkedHashMap<>();
        for (String modelName : config.models()) {
            for (OptimizerConfig arm : config.optimizers()) {
                Model model = models.build(modelName, train);
                List<Double> curve = new ArrayList<>();
                curves.put(modelName + " / " + arm.label(), curve);
                Trained trained = stage == RunOptions.Stage.TRAIN_AND_SWEEP ? train(model, arm, train, test, curve)
                        : new Trained(restoreTrained(model, arm, test), Optional.empty(), Double.NaN);
                double dense = trained.testScore();
                ResultTable.Row row = sweeping ? sweep(model, arm, train, test, dense)
                        : new ResultTable.Row(model.name(), arm.label(), dense, List.of(), model.hasBatchNorm(),
                        List.of());
                row = row.withTrainSeconds(trained.seconds());
                if (trained.runId().isPresent()) {
                    row = row.withRunId("train", trained.runId().get());
                }
                ExperimentConfig.SweepEntry first = config.sweep().entries().get(0);
                if (fineTuning) {
                    Compressor c = compressors.get(first.compressor()).create(CompressorOptions.of(first.options()));
                    List<FineTuneStage.Tuned> tuned = new FineTuneStage(config, tracker, optimizers, metric, out)
                            .run(model, modelName + "/" + arm.label(), c, train, test);
                    row = row.withFineTuned(tuned.stream().map(FineTuneStage.Tuned::testScore).toList());
                    for (FineTuneStage.Tuned t : tuned) {
                        row = row.withRunId(t.role(), t.runId());
                    }
                }
                if (transfer.isPresent()) {
                    Compressor c = compressors.get(first.compressor()).create(CompressorOptions.of(first.options()));
                    row = row.withTransferred(transfer.get().run(model, modelName, modelName + "/" + arm.label(), c,
                            train.numClasses()));
                }
                table.add(row);
            }
        }
        if (options.stage() == RunOptions.Stage.TRAIN_AND_SWEEP) {
            summarize(table, curves);
        }
        return table;
    }

    /** The section's optimizer builds, and the sweep's first compressor (which prunes for it) takes sparsities. */
    private void requirePrunable(String section, ExperimentConfig.FineTune tuning) {
        optimizers.create(tuning.optimizer(), config.seed());
        ExperimentConfig.SweepEntry first = config.sweep().entries().get(0);
        Compressor c = compressors.get(first.compressor()).create(CompressorOptions.of(first.options()));
        for (double s : tuning.sparsities()) {
            if (!c.supports(CompressionTarget.sparsity(s))) {
                throw new org.cram.experiments.config.ConfigException("config error at '" + section
                        + ".sparsities': the sweep's first compressor '" + first.compressor() + "', which prunes for "
                        + section + ", does not support sparsity " + s + "; list a sparsity compressor first");
            }
        }
    }

    /** A summary run holding the whole table and the plots, for comparing optimizers at a glance. */
    private void summarize(ResultTable table, Map<String, List<Double>> curves) {
        try (TrackedRun run = tracker.startRun(config.experiment(), "summary", Optional.empty())) {
            run.logParams(config.commonParams());
            run.setTag("kind", "summary");
            run.setTag("mlflow.note.content", "All arms of **" + config.experiment() + "**: test " + metric.name()
                    + " (%) after one-shot compression.\n\n" + table.toMarkdown());
            logConfig(run);
            logText(run, "results.md", table.toMarkdown());
            logText(run, "results.csv", table.toCsv());
            Path dir = Files.createTempDirectory("cram-plots");
            Path sparsityPlot = dir.resolve("accuracy_vs_sparsity.png");
            boolean drawn = Plots.accuracyVsSparsity(table, config.experiment() + ": one-shot pruning",
                    "test " + metric.name() + " (%)", sparsityPlot);
            Path curvePlot = dir.resolve("training_curves.png");
            Plots.trainingCurves(curves, "test " + metric.name() + " (%)", curvePlot);
            if (drawn) {
                run.logArtifact(sparsityPlot, "");
            }
            run.logArtifact(curvePlot, "");
            deleteRecursively(dir);
            run.end(RunStatus.FINISHED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the summary plots", e);
        }
    }

    private Path checkpointDir(String modelName, OptimizerConfig arm) {
        return options.checkpointRoot().resolve(config.experiment()).resolve(modelName).resolve(arm.label());
    }

    /** Loads a trained model from its newest checkpoint (for sweep and finetune) and returns its test score. */
    private double restoreTrained(Model model, OptimizerConfig arm, Dataset test) {
        Path dir = checkpointDir(model.name(), arm);
        Path latest = Checkpoint.latest(dir).orElseThrow(() -> new IllegalStateException("no checkpoint of "
                + model.name() + "/" + arm.label() + " under " + dir.toAbsolutePath()
                + "; train it first with `cram run` (same config and --checkpoints)"));
        Checkpoint.Progress p = Checkpoint.restoreModel(latest, model);
        double score = metric.evaluate(model, test, config.evalBatchSize()).value();
        out.printf(Locale.ROOT, "%nLoaded %s/%s from %s (%d epochs): test %s %.2f%%%n", model.name(),
                arm.label(), latest, p.epochsDone(), metric.name(), 100 * score);
        return score;
    }

    /** A trained arm: its final test score, its training run (absent when restored), its wall time. */
    private record Trained(double testScore, Optional<String> runId, double seconds) {
    }

    private Trained train(Model model, OptimizerConfig arm, Dataset train, Dataset test, List<Double> curve) {
        String label = model.name() + "/" + arm.label();
        out.printf(Locale.ROOT, "%nTraining %s (%d parameters, %d prunable) for %d epochs%n", label,
                model.parameters().numel(), model.parameters().prunableNumel(), config.training().epochs());
        try (TrackedRun run = tracker.startRun(config.experiment(), "train " + label, Optional.empty())) {
            BatchLoader loader = new BatchLoader(train, config.training().batchSize(), true, false, config.seed());
            OptimizerSpec spec = optimizers.create(arm, config.seed(),
                    (long) loader.batchesPerEpoch() * config.training().epochs());
            run.logParams(config.commonParams());
            run.logParams(arm.asParams());
            run.logParam("model", model.name());
            run.logParam("model.parameters", String.valueOf(model.parameters().numel()));
            run.logParam("model.prunable_parameters", String.valueOf(model.parameters().prunableNumel()));
            run.setTag("mlflow.note.content", "Training of **" + model.name() + "** with **" + spec.name()
                    + "** (" + spec.describe() + ") on " + train.name() + ", " + train.size() + " examples.");
            run.setTag("kind", "train");
            logConfig(run);
            Path checkpoints = checkpointDir(model.name(), arm);
            if (!options.resume()) {
                deleteRecursively(checkpoints);
            } else if (Checkpoint.latest(checkpoints).isPresent()) {
                run.setTag("cram.resumed_from", Checkpoint.latest(checkpoints).get().toString());
                out.println("  resuming from " + Checkpoint.latest(checkpoints).get());
            }
            List<TrainingListener> listeners = new ArrayList<>(List.of(new MetricsListener(run)));
            listeners.add(new ProgressListener(label, metric.name(), out));
            listeners.add(new TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> metrics) {
                    curve.add(100 * metrics.get("test_" + metric.name()));
                }
            });
            Trainer.Result result = new Trainer(listeners, checkpoints, config.evalBatchSize(), metric).train(model,
                    spec.create(model.parameters()), schedule(arm, loader.batchesPerEpoch()), loader,
                    config.training().epochs(), test);
            int epochs = config.training().epochs();
            run.logMetric("final_test_" + metric.name(), result.testScore(), epochs);
            run.logMetric("train_seconds", result.seconds(), epochs);
            if (result.evaluation() != null) {
                result.evaluation().details().forEach((k, v) -> run.logMetric("final_test_" + k, v, epochs));
                result.evaluation().classification().ifPresent(e -> {
                    ClassificationReport report = e.report(data.classNames());
                    report.metrics("final_test_").forEach((k, v) -> run.logMetric(k, v, epochs));
                    logText(run, "confusion_matrix.csv", report.confusionCsv());
                });
            }
            Checkpoint.latest(checkpoints).ifPresent(c -> logFolder(run, c, "checkpoint"));
            run.end(RunStatus.FINISHED);
            return new Trained(result.testScore(), Optional.of(run.runId()), result.seconds());
        }
    }

    private LearningRateSchedule schedule(OptimizerConfig arm, int stepsPerEpoch) {
        ExperimentConfig.Training t = config.training();
        return switch (t.schedule()) {
            case "cosine" -> LearningRateSchedule.cosine(arm.lr(), t.warmupEpochs(), t.epochs());
            case "step" -> LearningRateSchedule.step(arm.lr(), t.stepSize(), t.gamma());
            case "linear" -> LearningRateSchedule.linearWarmupDecay(arm.lr(), t.warmupSteps(),
                    (long) t.epochs() * stepsPerEpoch);
            default -> LearningRateSchedule.constant(arm.lr());
        };
    }

    private ResultTable.Row sweep(Model model, OptimizerConfig arm, Dataset train, Dataset test, double dense) {
        ExperimentConfig.Sweep s = config.sweep();
        String label = model.name() + "/" + arm.label();
        boolean retune = s.bnRetune().enabled() && model.hasBatchNorm();
        String compressorNames = String.join(", ", s.entries().stream().map(ExperimentConfig.SweepEntry::compressor)
                .distinct().toList());
        out.printf(Locale.ROOT, "One-shot sweep (%s) of %s%s%n", compressorNames, label,
                retune ? " with batch-norm re-tuning" : "");
        try (TrackedRun parent = tracker.startRun(config.experiment(), "sweep " + label, Optional.empty())) {
            parent.logParams(config.commonParams());
            parent.logParams(arm.asParams());
            parent.logParam("model", model.name());
            parent.logParam("sweep.compressors", compressorNames);
            parent.logParam("sweep.bn_retune", String.valueOf(retune));
            parent.setTag("kind", "sweep");
            logConfig(parent);
            parent.setTag("mlflow.note.content", "One-shot compression (" + compressorNames + ") of the model "
                    + "trained by **" + label + "**" + (retune ? ", batch norm re-tuned on "
                    + s.bnRetune().calibrationSize() + " augmented training images" : "")
                    + ". One child run per compressor and target.");
            ExperimentConfig.BnRetune b = s.bnRetune();
            OneShotSweep.Retuning retuning = retune ? new OneShotSweep.Retuning(true,
                    data.calibration(b.calibrationSize(), config.seed()), b.forwardPasses(), b.batchSize(),
                    new ImageAugmentation(b.padding(), b.flipProbability(), data.blackPixel()), config.seed())
                    : OneShotSweep.Retuning.none();
            List<Double> accuracies = new ArrayList<>();
            List<Double> beforeRetuning = new ArrayList<>();
            for (ExperimentConfig.SweepEntry entry : s.entries()) {
                Compressor compressor = compressors.get(entry.compressor())
                        .create(CompressorOptions.of(entry.options()));
                for (OneShotSweep.Point p : OneShotSweep.run(model, compressor, entry.targets(), test, metric,
                        config.evalBatchSize(), retuning,
                        p -> logPoint(parent, label, entry.compressor(), s.entries().size() > 1, p))) {
                    accuracies.add(p.finalAccuracy());
                    beforeRetuning.add(p.accuracy());
                }
            }
            ResultTable.Row row = new ResultTable.Row(model.name(), arm.label(), dense, accuracies, retune, List.of())
                    .withBeforeRetuning(beforeRetuning).withRunId("sweep", parent.runId());
            ResultTable single = new ResultTable(ResultTable.columns(s), List.of());
            single.add(row);
            logText(parent, "sweep.csv", single.toCsv());
            logText(parent, "sweep.md", single.toMarkdown());
            parent.end(RunStatus.FINISHED);
            return row;
        }
    }

    /**
     * A child run per point, and a parent metric: for sparsity targets {@code one_shot_<metric>} (e.g.
     * {@code one_shot_accuracy}, or {@code one_shot_f1} and {@code one_shot_exact_match} for SQuAD; per compressor
     * when the grid has several) with the sparsity in percent as its step, so MLflow charts the score against
     * sparsity; for other targets {@code one_shot_<metric>/<compressor>/<target>}.
     */
    private void logPoint(TrackedRun parent, String label, String compressorName, boolean several,
                          OneShotSweep.Point p) {
        String target = ResultTable.label(p.target());
        String name = label + " @ " + (several ? compressorName + " " : "") + target;
        try (TrackedRun child = tracker.startRun(config.experiment(), name, Optional.of(parent.runId()))) {
            child.logParam("target", p.target().label());
            child.logParam("compressor", compressorName);
            child.setTag("kind", "sweep-point");
            child.logMetric("test_" + metric.name(), p.accuracy(), 0);
            p.details().forEach((k, v) -> child.logMetric("test_" + k, v, 0));
            if (!Double.isNaN(p.accuracyAfterRetuning())) {
                child.logMetric("test_" + metric.name() + "_bn_retuned", p.accuracyAfterRetuning(), 0);
            }
            child.logMetric("sparsity_prunable", p.sparsityOfPrunable(), 0);
            child.logMetric("sparsity_all_params", p.sparsityOfAll(), 0);
            child.end(RunStatus.FINISHED);
        }
        Map<String, Double> scores = new java.util.LinkedHashMap<>();
        scores.put(metric.name(), p.finalAccuracy());
        scores.putAll(p.details());
        scores.forEach((metricName, value) -> {
            String key = "one_shot_" + metricName;
            if (p.target() instanceof CompressionTarget.Sparsity sp) {
                parent.logMetric(several ? key + "/" + compressorName : key, value, Math.round(100 * sp.fraction()));
            } else {
                parent.logMetric(key + "/" + compressorName + "/" + target.replace(':', '-'), value, 0);
            }
        });
        out.printf(Locale.ROOT, "  %-36s %s %6.2f%%%s%n", name, metric.name(), 100 * p.accuracy(),
                Double.isNaN(p.accuracyAfterRetuning()) ? ""
                        : String.format(Locale.ROOT, "  after BN re-tuning %6.2f%%", 100 * p.accuracyAfterRetuning()));
    }

    /** The config file and any overrides, redacted, so the run can be reproduced from MLflow alone. */
    private void logConfig(TrackedRun run) {
        ConfigArtifacts.log(run, options, redactor);
    }

    private static void logFolder(TrackedRun run, Path folder, String artifactPath) {
        try (var files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                run.logArtifact(f, artifactPath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log artifacts from " + folder, e);
        }
    }

    private static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear old checkpoints in " + p, e);
        }
    }

    private static void logText(TrackedRun run, String name, String text) {
        try {
            Path tmp = Files.createTempDirectory("cram-artifact").resolve(name);
            Files.writeString(tmp, text);
            run.logArtifact(tmp, "");
            Files.delete(tmp);
            Files.delete(tmp.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + name, e);
        }
    }
}

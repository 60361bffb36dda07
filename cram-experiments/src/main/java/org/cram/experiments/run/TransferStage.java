package org.cram.experiments.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.train.Checkpoint;
import org.cram.experiments.train.Trainer;

/**
 * Sparse transfer of a trained model to the {@code transfer} section's task. For each sparsity: prune the trained
 * model one shot, move its weights into the same architecture built for the new task ({@link WeightTransfer}: a
 * fresh seeded classification head when the number of classes differs), train on the new task with the mask fixed
 * ({@link MaskedTraining}), evaluate on its test set, and track it as its own run with the transferred model's
 * checkpoint as an artifact. A replaced head is not pruned: it starts from scratch and trains dense, as the
 * sparse-transfer literature does; a kept head keeps its mask. The trained model itself is left dense and unchanged.
 */
final class TransferStage {
    private final ExperimentConfig config;
    private final ExperimentConfig.Transfer transfer;
    private final ExperimentData task;
    private final ModelFactory models;
    private final MaskedTraining training;
    private final RunTracker tracker;
    private final PrintStream out;

    /**
     * @param task the new task's data ({@link ExperimentData#forTask})
     * @throws ConfigException when image models cannot read the new task's images (another shape)
     */
    TransferStage(ExperimentConfig config, Dataset firstTrain, ExperimentData task, ModelFactory models,
                  OptimizerFactory optimizers, RunTracker tracker, PrintStream out) {
        this.config = config;
        this.transfer = config.transfer().orElseThrow();
        this.task = task;
        this.models = models;
        this.training = new MaskedTraining(config, optimizers, org.cram.experiments.train.TestMetric.ACCURACY);
        this.tracker = tracker;
        this.out = out;
        long[] first = firstTrain.featureShape();
        long[] second = task.train().featureShape();
        if (!transfer.data().isText() && !Arrays.equals(first, second)) {
            throw new ConfigException("config error at 'transfer.data': its images have shape "
                    + Arrays.toString(second) + " but the models take " + Arrays.toString(first) + " (from data."
                    + "dataset '" + config.data().dataset() + "'); transfer needs images of the same shape");
        }
    }

    /**
     * Test accuracy on the new task after sparse transfer, per sparsity of {@code transfer.sparsities}.
     *
     * @param trained   the trained model (left as it is)
     * @param modelName its name in the config's {@code models}
     * @param label     "model/arm", for run names
     */
    List<Double> run(Model trained, String modelName, String label, Compressor compressor, int trainedClasses) {
        ExperimentConfig.FineTune tuning = transfer.tuning();
        Dataset train = task.train();
        Dataset test = task.test();
        boolean replaceHead = train.numClasses() != trainedClasses;
        List<Double> accuracies = new ArrayList<>();
        for (double sparsity : tuning.sparsities()) {
            String name = String.format(Locale.ROOT, "transfer %s @ %.0f%% to %s", label, 100 * sparsity,
                    transfer.data().dataset());
            out.println(name + " for " + tuning.epochs() + " epoch(s) with " + tuning.optimizer().type()
                    + (replaceHead ? ", new head for " + train.numClasses() + " classes" : ""));
            Model student = models.build(modelName, train);
            DenseSnapshot dense = DenseSnapshot.of(trained);
            Mask mask;
            Set<Integer> head;
            try {
                Mask pruned = compressor.compress(trained.parameters(), CompressionTarget.sparsity(sparsity));
                head = WeightTransfer.copy(trained, student, replaceHead);
                mask = WeightTransfer.without(pruned, head);
            } finally {
                dense.restore();
            }
            try (TrackedRun run = tracker.startRun(config.experiment(), name, Optional.empty())) {
                run.logParams(config.commonParams());
                run.setTag("kind", "transfer");
                run.logParam("model", modelName);
                run.logParam("transfer.from", label);
                run.logParam("transfer.sparsity", String.valueOf(sparsity));
                run.logParams(tuning.asParams("transfer."));
                run.logParam("transfer.compressor", compressor.name());
                run.logParam("transfer.data.dataset", transfer.data().dataset());
                run.logParam("transfer.data.train_limit", String.valueOf(transfer.data().trainLimit()));
                run.logParam("transfer.data.test_limit", String.valueOf(transfer.data().testLimit()));
                run.logParam("transfer.classes", String.valueOf(train.numClasses()));
                run.logParam("transfer.head", replaceHead ? "replaced" : "kept");
                run.logParam("transfer.head_parameters", String.join(",",
                        head.stream().map(i -> student.parameters().get(i).name()).toList()));
                Path checkpoints = temporaryFolder();
                try {
                    Trainer.Result r = training.train(student, mask, tuning, train, test, run, checkpoints);
                    run.logMetric("final_test_accuracy", r.testScore(), tuning.epochs());
                    run.logMetric("sparsity_prunable", mask.sparsity(), tuning.epochs());
                    Checkpoint.latest(checkpoints).ifPresent(c -> logFolder(run, c));
                    accuracies.add(r.testScore());
                    out.printf(Locale.ROOT, "  %s: accuracy %.2f%%%n", name, 100 * r.testScore());
                } finally {
                    deleteRecursively(checkpoints);
                }
                run.end(RunStatus.FINISHED);
            }
        }
        return accuracies;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("cram-transfer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the transferred model", e);
        }
    }

    private static void logFolder(TrackedRun run, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                run.logArtifact(f, "checkpoint");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log the transferred model from " + folder, e);
        }
    }

    private static void deleteRecursively(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}

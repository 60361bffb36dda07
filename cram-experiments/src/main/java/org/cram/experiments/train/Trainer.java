package org.cram.experiments.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.train.TrainingListener;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.platform.PeriodicCollection;
import org.cram.optim.LearningRateSchedule;

/**
 * The epoch loop: set the learning rate the schedule gives for each step, step the optimizer on every mini-batch,
 * evaluate on the test set after each epoch (the reference evaluates every epoch and keeps the last model),
 * checkpoint, and tell the listeners. Between steps it runs a {@link PeriodicCollection}, so resident memory stays
 * flat. With a checkpoint folder, training resumes after the newest checkpoint's epoch.
 */
public final class Trainer {
    private final List<TrainingListener> listeners;
    private final Path checkpointDir;
    private final int evalBatchSize;
    private final TestMetric metric;

    /** A trainer that keeps no checkpoints. */
    public Trainer(List<TrainingListener> listeners) {
        this(listeners, null);
    }

    /** A trainer that evaluates in batches of {@link Evaluator#BATCH_SIZE}. */
    public Trainer(List<TrainingListener> listeners, Path checkpointDir) {
        this(listeners, checkpointDir, Evaluator.BATCH_SIZE);
    }

    /**
     * @param checkpointDir where a checkpoint is written after every epoch, and from whose newest checkpoint training
     *                      resumes if there is one ({@code null}: no checkpoints)
     * @param evalBatchSize examples per forward pass of the test-set evaluations
     */
    public Trainer(List<TrainingListener> listeners, Path checkpointDir, int evalBatchSize) {
        this(listeners, checkpointDir, evalBatchSize, TestMetric.ACCURACY);
    }

    /**
     * @param checkpointDir where a checkpoint is written after every epoch, and from whose newest checkpoint training
     *                      resumes if there is one ({@code null}: no checkpoints)
     * @param evalBatchSize examples per forward pass of the test-set evaluations
     * @param metric        how the test set is scored (logged per epoch as {@code test_<name>} and its details)
     */
    public Trainer(List<TrainingListener> listeners, Path checkpointDir, int evalBatchSize, TestMetric metric) {
        if (evalBatchSize < 1) {
            throw new IllegalArgumentException("evaluation batch size must be positive, got " + evalBatchSize);
        }
        this.listeners = List.copyOf(listeners);
        this.checkpointDir = checkpointDir;
        this.evalBatchSize = evalBatchSize;
        this.metric = java.util.Objects.requireNonNull(metric, "metric");
    }

    /**
     * The final test score (the metric's headline: accuracy, or F1 for question answering), loss and wall time of a
     * training run, with the final evaluation ({@code null} when no epoch was left to train or evaluate).
     */
    public record Result(double testScore, double testLoss, double seconds, TestMetric.Score evaluation) {
    }

    /**
     * Trains in place.
     *
     * @throws ArithmeticException naming the epoch and step when a loss becomes NaN or infinite
     */
    public Result train(Model model, Optimizer optimizer, LearningRateSchedule schedule, BatchLoader loader,
                        int epochs, Dataset test) {
        long start = System.nanoTime();
        int firstEpoch = 0;
        long step = 0;
        if (checkpointDir != null) {
            Optional<Path> latest = Checkpoint.latest(checkpointDir);
            if (latest.isPresent()) {
                Checkpoint.Progress p = Checkpoint.restore(latest.get(), model, optimizer);
                firstEpoch = p.epochsDone();
                step = p.globalStep();
            }
        }
        listeners.forEach(l -> l.onTrainingStart(epochs, loader.batchesPerEpoch()));
        PeriodicCollection collection = PeriodicCollection.standard(); // releases promoted arrays' native memory
        try {
            TestMetric.Score eval = firstEpoch < epochs ? null : metric.evaluate(model, test, evalBatchSize);
            for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                long epochStart = System.nanoTime();
                double lossSum = 0;
                double accSum = 0;
                int batches = 0;
                for (Batch batch : loader.epoch(epoch)) {
                    optimizer.setLearningRate(schedule.rate(epoch, step));
                    long t0 = System.nanoTime();
                    BatchObjective objective = new BatchObjective(model, batch);
                    StepDiagnostics d = optimizer.step(objective);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    requireFinite(d, epoch, step);
                    double acc = objective.cleanAccuracy();
                    for (TrainingListener l : listeners) {
                        l.onStep(epoch, step, d, acc, seconds);
                    }
                    collection.maybeCollect();
                    lossSum += d.cleanLoss();
                    accSum += acc;
                    batches++;
                    step++;
                }
                eval = metric.evaluate(model, test, evalBatchSize);
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("train_loss", lossSum / batches);
                metrics.put("train_accuracy", accSum / batches);
                metrics.put("test_" + metric.name(), eval.value());
                eval.details().forEach((k, v) -> metrics.put("test_" + k, v));
                metrics.put("test_loss", eval.loss());
                metrics.put("epoch_seconds", (System.nanoTime() - epochStart) / 1e9);
                metrics.put("lr", optimizer.learningRate());
                if (checkpointDir != null) {
                    Checkpoint.save(checkpointDir, model, optimizer, new Checkpoint.Progress(epoch + 1, step));
                }
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(epoch, metrics);
                }
            }
            listeners.forEach(l -> l.onTrainingEnd(null));
            return new Result(eval == null ? Double.NaN : eval.value(), eval == null ? Double.NaN : eval.loss(),
                    (System.nanoTime() - start) / 1e9, eval);
        } catch (RuntimeException | Error e) {
            listeners.forEach(l -> l.onTrainingEnd(e));
            throw e;
        }
    }

    private static void requireFinite(StepDiagnostics d, int epoch, long step) {
        // a step that took a gradient at a compressed (or perturbed) point reports its norm and must have a finite
        // loss there; single-pass steps report NaN for both, even when they prune and report a target (gmp)
        boolean compressedBad = !Double.isNaN(d.compressedGradNorm()) && !Double.isFinite(d.compressedLoss());
        if (!Double.isFinite(d.cleanLoss()) || compressedBad) {
            throw new ArithmeticException("training diverged at epoch " + epoch + ", step " + step + ": clean loss "
                    + d.cleanLoss() + ", compressed loss " + d.compressedLoss() + " (lower the learning rate or rho)");
        }
    }
}

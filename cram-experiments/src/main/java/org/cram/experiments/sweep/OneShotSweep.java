package org.cram.experiments.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.param.TensorSet;
import org.cram.experiments.data.ImageAugmentation;
import org.cram.experiments.train.Evaluator;
import org.cram.experiments.train.TestMetric;
import org.cram.models.bn.BatchNormRetuning;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One-shot compression of a trained model at each target of a grid: compress, evaluate, re-tune batch norm (models
 * that have it), evaluate again. The model is restored to its dense weights and statistics after every point and at
 * the end, so points are independent and the caller gets its model back unchanged.
 */
public final class OneShotSweep {

    /** Batch-norm re-tuning settings. */
    public record Retuning(boolean enabled, Dataset calibration, int forwardPasses, int batchSize,
                           ImageAugmentation augmentation, long seed) {
        /** No re-tuning (models without batch norm, or re-tuning switched off). */
        public static Retuning none() {
            return new Retuning(false, null, 0, 1, null, 0);
        }
    }

    /**
     * The outcome at one target. The scores are the task's {@link TestMetric} (accuracy, or F1 for question
     * answering).
     *
     * @param accuracy              the score right after compression
     * @param accuracyAfterRetuning NaN when no re-tuning ran
     * @param sparsityOfPrunable    fraction of prunable weights that are zero
     * @param sparsityOfAll         fraction of all parameters that are zero (the reference's test_sparsity)
     * @param details               the metric's further scores right after compression (e.g. exact match)
     */
    public record Point(CompressionTarget target, double accuracy, double accuracyAfterRetuning,
                        double sparsityOfPrunable, double sparsityOfAll, Map<String, Double> details) {
        public Point {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        /** The accuracy a one-shot user gets: after re-tuning when it ran. */
        public double finalAccuracy() {
            return Double.isNaN(accuracyAfterRetuning) ? accuracy : accuracyAfterRetuning;
        }
    }

    private OneShotSweep() {
    }

    /** Evaluates in batches of {@link Evaluator#BATCH_SIZE}. */
    public static List<Point> run(Model model, Compressor compressor, List<CompressionTarget> targets, Dataset test,
                                  Retuning retuning, Consumer<Point> onPoint) {
        return run(model, compressor, targets, test, Evaluator.BATCH_SIZE, retuning, onPoint);
    }

    /** Scores classification accuracy ({@link TestMetric#ACCURACY}). */
    public static List<Point> run(Model model, Compressor compressor, List<CompressionTarget> targets, Dataset test,
                                  int evalBatchSize, Retuning retuning, Consumer<Point> onPoint) {
        return run(model, compressor, targets, test, TestMetric.ACCURACY, evalBatchSize, retuning, onPoint);
    }

    /**
     * @param metric        how each compressed model is scored on {@code test}
     * @param evalBatchSize examples per forward pass of each evaluation
     * @param onPoint       told about each point as soon as it is measured (for tracking)
     * @return the points in target order
     */
    public static List<Point> run(Model model, Compressor compressor, List<CompressionTarget> targets, Dataset test,
                                  TestMetric metric, int evalBatchSize, Retuning retuning, Consumer<Point> onPoint) {
        TensorSet dense = TensorSet.zerosLike(model.parameters());
        dense.copyFrom(model.parameters());
        List<INDArray> stats = model.batchNormStatistics();
        List<INDArray> savedStats = new ArrayList<>();
        stats.forEach(s -> savedStats.add(s.dup()));
        List<Point> points = new ArrayList<>();
        try {
            for (CompressionTarget target : targets) {
                compressor.compress(model.parameters(), target);
                TestMetric.Score score = metric.evaluate(model, test, evalBatchSize);
                double retuned = Double.NaN;
                if (retuning.enabled() && model.hasBatchNorm()) {
                    BatchNormRetuning.retune(model, new CalibrationBatches(retuning.calibration(),
                            retuning.batchSize(), retuning.augmentation(), retuning.seed()), retuning.forwardPasses());
                    retuned = metric.evaluate(model, test, evalBatchSize).value();
                }
                Point p = new Point(target, score.value(), retuned, prunableZeroFraction(model), zeroFraction(model),
                        score.details());
                points.add(p);
                onPoint.accept(p);
                restore(model, dense, stats, savedStats);
            }
        } finally {
            restore(model, dense, stats, savedStats);
        }
        return points;
    }

    private static void restore(Model model, TensorSet dense, List<INDArray> stats, List<INDArray> saved) {
        dense.copyTo(model.parameters());
        for (int i = 0; i < stats.size(); i++) {
            stats.get(i).assign(saved.get(i));
        }
    }

    /** Zeros among prunable weights (also right for quantizers, which return no mask). */
    private static double prunableZeroFraction(Model model) {
        long zeros = 0;
        long total = 0;
        for (var p : model.parameters()) {
            if (p.isPrunable()) {
                zeros += p.value().length() - p.value().neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64)
                        .sumNumber().longValue();
                total += p.numel();
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
    }

    private static double zeroFraction(Model model) {
        long zeros = 0;
        long total = 0;
        for (var p : model.parameters()) {
            zeros += p.value().length() - p.value().neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64)
                    .sumNumber().longValue();
            total += p.numel();
        }
        return (double) zeros / total;
    }
}

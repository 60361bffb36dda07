package org.cram.experiments.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole experiment: data, models, the optimizer arms to train each model with, the training recipe, the one-shot
 * pruning sweep run on every trained model, and where runs are tracked. Immutable and validated on construction by
 * {@link ConfigLoader}; the same config and seed reproduce the experiment.
 */
public record ExperimentConfig(String experiment, long seed, Data data, List<String> models, Training training,
                               List<OptimizerConfig> optimizers, Sweep sweep, java.util.Optional<FineTune> finetune,
                               Tracking tracking) {

    /**
     * Sparse fine-tuning after the sweep: prune each trained model to each sparsity with the sweep's compressor,
     * keep the mask fixed and train {@code epochs} more epochs with SGD on a cosine schedule.
     */
    public record FineTune(List<Double> sparsities, int epochs, double lr, double momentum, double weightDecay) {
    }

    /**
     * @param dir        folder with the dataset's files
     * @param trainLimit use a seeded random subset of this many training examples (0: all)
     * @param testLimit  evaluate on the first this-many test examples (0: all)
     */
    public record Data(String dataset, Path dir, int trainLimit, int testLimit) {
        public static final List<String> DATASETS = List.of("fashion-mnist", "cifar10", "imagefolder");
        public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    }

    /**
     * @param schedule     "cosine" (reference CosineLR, per epoch), "constant", "step" (StepLR, per epoch) or
     *                     "linear" (linear warm-up and decay per step, for BERT fine-tuning)
     * @param warmupEpochs linear warm-up of the cosine schedule
     * @param stepSize     epochs between decays of the step schedule
     * @param gamma        decay factor of the step schedule
     * @param warmupSteps  warm-up steps of the linear schedule
     */
    public record Training(int epochs, int batchSize, String schedule, int warmupEpochs, int stepSize, double gamma,
                           int warmupSteps) {
        public static final List<String> SCHEDULES = List.of("cosine", "constant", "step", "linear");
        public static final int DEFAULT_BATCH_SIZE = 128;
    }

    /**
     * The one-shot grid: every entry's compressor at each of its targets.
     *
     * @param entries  compressors with their targets, in table order
     * @param bnRetune batch-norm re-tuning after compression (models with batch norm only)
     */
    public record Sweep(List<SweepEntry> entries, BnRetune bnRetune) {
        public static final List<Double> DEFAULT_SPARSITIES = List.of(0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95);

        /** The first entry's compressor (the one sparse fine-tuning prunes with). */
        public String compressor() {
            return entries.get(0).compressor();
        }
    }

    /** One compressor of a sweep with its options (validated by the compressor) and targets. */
    public record SweepEntry(String compressor, Map<String, Object> options,
                             List<org.cram.api.compress.CompressionTarget> targets) {
    }

    /** Reference defaults: 1000 augmented training images, 100 forward passes of 128. */
    public record BnRetune(boolean enabled, int calibrationSize, int forwardPasses, int batchSize, int padding,
                           double flipProbability) {
        public static final int DEFAULT_CALIBRATION_SIZE = 1000;
        public static final int DEFAULT_BATCH_SIZE = 128;
        public static final int DEFAULT_PADDING = 2;
        public static final double DEFAULT_FLIP = 0.5;
    }

    /** @param store an MLflow file-store folder (default ./mlruns) */
    public record Tracking(Path store) {
        public static final String DEFAULT_STORE = "mlruns";
    }

    /** The optimizer arm with this label. */
    public OptimizerConfig optimizer(String label) {
        return optimizers.stream().filter(o -> o.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no optimizer '" + label + "'"));
    }

    /** Settings shared by every run of the experiment, as flat tracking params. */
    public Map<String, Object> commonParams() {
        Map<String, Object> m = new TreeMap<>();
        m.put("seed", seed);
        m.put("data.dataset", data.dataset());
        m.put("data.train_limit", data.trainLimit());
        m.put("data.test_limit", data.testLimit());
        m.put("training.epochs", training.epochs());
        m.put("training.batch_size", training.batchSize());
        m.put("training.schedule", training.schedule());
        switch (training.schedule()) {
            case "cosine" -> m.put("training.warmup_epochs", training.warmupEpochs());
            case "step" -> {
                m.put("training.step_size", training.stepSize());
                m.put("training.gamma", training.gamma());
            }
            case "linear" -> m.put("training.warmup_steps", training.warmupSteps());
            default -> { }
        }
        return m;
    }
}

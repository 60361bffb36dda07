package org.cram.experiments.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole experiment: data, models, the optimizer arms to train each model with, the training recipe, the one-shot
 * pruning sweep run on every trained model, optional sparse fine-tuning and sparse transfer to a second task, and
 * where runs are tracked. Immutable and validated on construction by
 * {@link ConfigLoader}; the same config and seed reproduce the experiment.
 */
public record ExperimentConfig(String experiment, long seed, Data data, List<String> models, Training training,
                               List<OptimizerConfig> optimizers, Sweep sweep, java.util.Optional<FineTune> finetune,
                               Tracking tracking, java.util.Optional<Bert> bert,
                               java.util.Optional<Transfer> transfer) {

    /**
     * Sparse fine-tuning after the sweep: prune each trained model to each sparsity with the sweep's compressor,
     * keep the mask fixed and train {@code epochs} more epochs with {@code optimizer} on a cosine schedule (no
     * warm-up) from the optimizer's learning rate.
     *
     * @param optimizer a single-pass optimizer, one of {@link #OPTIMIZER_TYPES}; a config without
     *                  {@code finetune.optimizer} gets SGD from {@code lr}, {@code momentum}
     *                  ({@value #DEFAULT_MOMENTUM}) and {@code weight_decay} (0)
     */
    public record FineTune(List<Double> sparsities, int epochs, OptimizerConfig optimizer) {
        /** Fine-tuning keeps a fixed mask, re-applied after every step of one of these optimizers. */
        public static final List<String> OPTIMIZER_TYPES = OptimizerConfig.BASES;
        /** The SGD momentum of a {@code finetune} section given as {@code lr} rather than {@code optimizer}. */
        public static final double DEFAULT_MOMENTUM = 0.9;

        /** The section's settings as flat tracking params under {@code prefix} (e.g. "finetune."). */
        public Map<String, Object> asParams(String prefix) {
            Map<String, Object> m = new TreeMap<>();
            m.put(prefix + "epochs", epochs);
            optimizer.asParams().forEach((k, v) -> m.put(prefix + k, v));
            return m;
        }
    }

    /**
     * Sparse transfer: prune each trained model one shot to each of {@code tuning.sparsities()} with the sweep's
     * first compressor, move its weights to a model for the {@code data} task (a fresh seeded classification head
     * when the number of classes differs), and train on that task with the mask fixed.
     *
     * @param data   the second task, any dataset the {@code data} section accepts, of the same kind (image or
     *               text) as the first; image models also need images of the same shape
     * @param tuning sparsities, epochs and optimizer, with the keys and defaults of {@code finetune}
     */
    public record Transfer(Data data, FineTune tuning) {
    }

    /**
     * @param dir        folder with the dataset's files (for {@code csv} and {@code jsonl}: the training file's)
     * @param trainLimit use a seeded random subset of this many training examples (0: all)
     * @param testLimit  evaluate on the first this-many test examples (0: all)
     * @param textFiles  the files and columns of a {@code csv} or {@code jsonl} text dataset, empty otherwise
     * @param squadFiles the files of a {@code squad} dataset, empty otherwise
     * @param validationSize hold out this many training examples as a validation split (0: none), drawn before
     *                   {@code trainLimit} subsamples the rest (see {@code data.ValidationSplit})
     * @param evaluateOn {@value #EVALUATE_ON_TEST}, or {@value #EVALUATE_ON_VALIDATION} to score every evaluation
     *                   on the validation split instead (for tuning hyper-parameters without seeing the test set)
     */
    public record Data(String dataset, Path dir, int trainLimit, int testLimit, java.util.Optional<TextFiles> textFiles,
                       java.util.Optional<SquadFiles> squadFiles, int validationSize, String evaluateOn) {
        public static final String EVALUATE_ON_TEST = "test";
        public static final String EVALUATE_ON_VALIDATION = "validation";
        public static final List<String> EVALUATE_ON = List.of(EVALUATE_ON_TEST, EVALUATE_ON_VALIDATION);

        /** A dataset without a validation split, evaluated on its test set. */
        public Data(String dataset, Path dir, int trainLimit, int testLimit, java.util.Optional<TextFiles> textFiles,
                    java.util.Optional<SquadFiles> squadFiles) {
            this(dataset, dir, trainLimit, testLimit, textFiles, squadFiles, 0, EVALUATE_ON_TEST);
        }

        /** Whether evaluations score the validation split rather than the test set. */
        public boolean evaluatesOnValidation() {
            return evaluateOn.equals(EVALUATE_ON_VALIDATION);
        }

        /** Image datasets, read as tensors of pixels. */
        public static final List<String> IMAGE_DATASETS = List.of("fashion-mnist", "cifar10", "imagefolder");
        /** SQuAD v1.1 span question answering, scored by F1 and exact match. */
        public static final String SQUAD = "squad";
        /** Text datasets, tokenized for BERT models: classification, and {@value #SQUAD} question answering. */
        public static final List<String> TEXT_DATASETS = List.of("fine-foods", "csv", "jsonl", SQUAD);
        /** Every dataset kind a config may name. */
        public static final List<String> DATASETS = java.util.stream.Stream.concat(IMAGE_DATASETS.stream(),
                TEXT_DATASETS.stream()).toList();
        public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
        public static final String DEFAULT_TEXT_COLUMN = "text";
        public static final String DEFAULT_LABEL_COLUMN = "label";

        /** Whether this is a text dataset (its models are BERT models). */
        public boolean isText() {
            return TEXT_DATASETS.contains(dataset);
        }

        /** Whether this is span question answering ({@value #SQUAD}) rather than classification. */
        public boolean isQuestionAnswering() {
            return dataset.equals(SQUAD);
        }
    }

    /**
     * The SQuAD v1.1 JSON files of a {@code squad} dataset (users bring them, e.g. train-v1.1.json and dev-v1.1.json).
     *
     * @param train           the training questions
     * @param test            the evaluation questions
     * @param maxAnswerLength the most tokens of a predicted answer span
     */
    public record SquadFiles(Path train, Path test, int maxAnswerLength) {
        /** Hugging Face run_qa.py's default. */
        public static final int DEFAULT_MAX_ANSWER_LENGTH = 30;
    }

    /**
     * The files of a {@code csv} or {@code jsonl} text-classification dataset.
     *
     * @param train       the training file
     * @param test        the test file (its labels must be among the training file's)
     * @param textColumn  the column (CSV) or key (JSONL) of the text
     * @param pairColumn  the column of a second text for sentence-pair tasks, if any
     * @param labelColumn the column of the label
     */
    public record TextFiles(Path train, Path test, String textColumn, java.util.Optional<String> pairColumn,
                            String labelColumn) {
    }

    /**
     * The BERT models of a text experiment.
     *
     * @param maxLength      the most word pieces per example, [CLS] and [SEP] included (longer texts are truncated)
     * @param pooling        how hidden states become one vector: one of {@link #POOLINGS} (classification only)
     * @param pruningScope   which tensors compressors may change: one of {@link #PRUNING_SCOPES}
     * @param evalBatchSize  examples per evaluation forward pass
     * @param geometry       the encoder geometry of model {@code bert} (random initialization); empty without it
     */
    public record Bert(int maxLength, String pooling, String pruningScope, int evalBatchSize,
                       java.util.Optional<BertGeometry> geometry) {
        /** The pretrained all-MiniLM-L6-v2 encoder with a fresh classification head. */
        public static final String MINILM = "minilm-l6";
        /** A BERT of the geometry in the {@code bert} section, randomly initialized. */
        public static final String RANDOM = "bert";
        /** The models a text dataset can train. */
        public static final List<String> MODELS = List.of(MINILM, RANDOM);
        public static final List<String> POOLINGS = List.of("mean", "cls", "cls-pooler");
        public static final List<String> PRUNING_SCOPES = List.of("encoder-linear", "all-linear",
                "all-linear-and-embeddings");
        public static final int DEFAULT_MAX_LENGTH = 128;
        /** Mean pooling, as all-MiniLM-L6-v2 was trained. */
        public static final String DEFAULT_POOLING = "mean";
        /** The encoder's linear weight matrices (36 for all-MiniLM-L6-v2), as the CrAM paper prunes BERT. */
        public static final String DEFAULT_PRUNING_SCOPE = "encoder-linear";
        public static final int DEFAULT_EVAL_BATCH_SIZE = 64;
    }

    /**
     * The geometry of model {@code bert}; the vocabulary is the tokenizer's and the positions are {@code max_length}.
     *
     * @param initStd standard deviation of the normal initialization of weights and embeddings
     */
    public record BertGeometry(int hiddenSize, int layers, int heads, int intermediateSize, double initStd) {
        public static final double DEFAULT_INIT_STD = 0.02;
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

    /** Examples per evaluation forward pass: {@code bert.eval_batch_size} for text, else the evaluator's default. */
    public int evalBatchSize() {
        return bert.map(Bert::evalBatchSize).orElse(org.cram.experiments.train.Evaluator.BATCH_SIZE);
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
        if (data.validationSize() > 0) {
            m.put("data.validation_size", data.validationSize());
            m.put("data.evaluate_on", data.evaluateOn());
        }
        data.squadFiles().ifPresent(f -> m.put("data.max_answer_length", f.maxAnswerLength()));
        bert.ifPresent(b -> {
            m.put("bert.max_length", b.maxLength());
            if (!data.isQuestionAnswering()) {
                m.put("bert.pooling", b.pooling());
            }
            m.put("bert.pruning_scope", b.pruningScope());
            b.geometry().ifPresent(g -> {
                m.put("bert.hidden_size", g.hiddenSize());
                m.put("bert.layers", g.layers());
                m.put("bert.heads", g.heads());
                m.put("bert.intermediate_size", g.intermediateSize());
                m.put("bert.init_std", g.initStd());
            });
        });
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

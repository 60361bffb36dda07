package org.cram.experiments.run;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.data.Dataset;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.data.ChannelNormalization;
import org.cram.experiments.data.Cifar10;
import org.cram.experiments.data.DataFileException;
import org.cram.experiments.data.FashionMnist;
import org.cram.experiments.data.ImageDecoder;
import org.cram.experiments.data.ImageFolder;
import org.cram.experiments.data.ImageFolderDataset;
import org.cram.experiments.data.ImageNetTransforms;
import org.cram.experiments.data.IndexSampling;
import org.cram.experiments.data.SubsetDataset;
import org.cram.experiments.data.ValidationSplit;
import org.cram.experiments.text.MiniLmAssets;
import org.cram.experiments.text.SquadDataset;
import org.cram.experiments.text.SquadEvaluation;
import org.cram.experiments.text.SquadExample;
import org.cram.experiments.text.SquadFeatures;
import org.cram.experiments.text.SquadReader;
import org.cram.experiments.text.TextBatchEncoder;
import org.cram.experiments.text.TextSplits;
import org.cram.experiments.text.TokenizedTextDataset;
import org.cram.experiments.train.TestMetric;
import org.cram.models.text.Truncation;

/**
 * The datasets an experiment config names, loaded once: the (optionally subsampled) training set, the test set,
 * and seeded calibration subsets of the training set for batch-norm re-tuning. Kinds:
 * <ul>
 *   <li>{@code fashion-mnist}: the Debian package's IDX files (default folder);</li>
 *   <li>{@code cifar10}: the binary batches in {@code data.dir};</li>
 *   <li>{@code imagefolder}: ImageNet-style class folders {@code data.dir/train/<class>/*.jpg} and
 *       {@code data.dir/val/<class>/*.jpg}, decoded per batch with the reference's transforms (random resized
 *       crop and flip for training, resize 256 and center crop 224 for evaluation);</li>
 *   <li>{@code fine-foods}, {@code csv}, {@code jsonl}: text classification ({@link TextSplits}), tokenized with
 *       the bert-base-uncased WordPiece tokenizer to at most {@code bert.max_length} tokens per example.</li>
 *   <li>{@code squad}: SQuAD v1.1 question answering ({@link SquadDataset}), question and context tokenized
 *       together, only the context truncated to {@code bert.max_length}; scored by {@link #testMetric()}.</li>
 * </ul>
 */
public final class ExperimentData {
    private final ExperimentConfig.Data config;
    private final java.util.Optional<ExperimentConfig.Bert> bert;
    private final MiniLmAssets textAssets;
    private final long seed;
    private Dataset train;
    private Dataset test;
    private Dataset validation;
    private ImageFolder trainFolder;
    private TextSplits texts;

    @Inject
    public ExperimentData(ExperimentConfig config, MiniLmAssets textAssets) {
        this(config.data(), config.bert(), textAssets, config.seed());
    }

    private ExperimentData(ExperimentConfig.Data config, java.util.Optional<ExperimentConfig.Bert> bert,
                           MiniLmAssets textAssets, long seed) {
        if (config.isText() != bert.isPresent()) {
            throw new IllegalArgumentException("dataset '" + config.dataset() + "' is not of the experiment's kind"
                    + " (image or text)");
        }
        this.config = config;
        this.bert = bert;
        this.textAssets = textAssets;
        this.seed = seed;
    }

    /**
     * The datasets of a second task (the {@code transfer} section's {@code data}), loaded the same way: same seed,
     * same tokenizer and {@code bert.max_length} for text.
     */
    public ExperimentData forTask(ExperimentConfig.Data task) {
        return new ExperimentData(task, bert, textAssets, seed);
    }

    /**
     * The training set without its validation split ({@code data.validation_size}), or a seeded random subset of
     * {@code data.train_limit} examples of that.
     */
    public synchronized Dataset train() {
        if (train == null) {
            if (config.isQuestionAnswering()) {
                train = squad(true);
            } else {
                Dataset all = load(true);
                if (config.validationSize() > 0) {
                    ValidationSplit split;
                    try {
                        split = ValidationSplit.of(all.size(), config.validationSize());
                    } catch (IllegalArgumentException e) {
                        throw new org.cram.experiments.config.ConfigException("config error for " + all.name() + ": "
                                + e.getMessage());
                    }
                    validation = new SubsetDataset(all, split.validation(), all.name() + "/validation");
                    all = new SubsetDataset(all, split.training(), all.name() + "/train-split");
                }
                train = limit(all, config.trainLimit(), true);
            }
        }
        return train;
    }

    /**
     * What every evaluation scores: the test set, or its first {@code data.test_limit} examples; with
     * {@code data.evaluate_on: validation}, the validation split (limited the same way) instead.
     */
    public synchronized Dataset test() {
        if (test == null) {
            if (config.isQuestionAnswering()) {
                test = squad(false);
            } else if (config.evaluatesOnValidation()) {
                train();
                test = limit(validation, config.testLimit(), false);
            } else {
                test = limit(load(false), config.testLimit(), false);
            }
        }
        return test;
    }

    /**
     * How the test set is scored: SQuAD F1 (and exact match) for {@code squad}, top-1 accuracy for the
     * classification datasets.
     */
    public TestMetric testMetric() {
        return config.squadFiles().<TestMetric>map(f -> new SquadEvaluation(f.maxAnswerLength()))
                .orElse(TestMetric.ACCURACY);
    }

    /**
     * A SQuAD split, limited by keeping the questions themselves (evaluation maps predicted spans back to their
     * contexts): a seeded random subset for training, the first ones for testing.
     */
    private Dataset squad(boolean trainSplit) {
        ExperimentConfig.SquadFiles f = config.squadFiles().orElseThrow();
        Path file = trainSplit ? f.train() : f.test();
        List<SquadExample> all = SquadReader.read(file);
        if (all.isEmpty()) {
            throw new DataFileException(file, "no questions; a SQuAD v1.1 " + (trainSplit ? "training" : "test")
                    + " file needs at least one");
        }
        int limit = trainSplit ? config.trainLimit() : config.testLimit();
        List<SquadExample> kept = all;
        String name = "squad/" + file.getFileName();
        if (limit > 0 && limit < all.size()) {
            int[] idx = trainSplit ? IndexSampling.randomSubset(all.size(), limit, seed) : IndexSampling.identity(limit);
            kept = java.util.Arrays.stream(idx).mapToObj(all::get).toList();
            name += "[" + limit + "]";
        }
        int maxLength = bert.orElseThrow().maxLength();
        TextBatchEncoder encoder = new TextBatchEncoder(textAssets.tokenizer(), maxLength, Truncation.ONLY_SECOND,
                false);
        return new SquadDataset(name, kept, new SquadFeatures(encoder), maxLength);
    }

    private Dataset load(boolean trainSplit) {
        if (config.isText()) {
            TextBatchEncoder encoder = new TextBatchEncoder(textAssets.tokenizer(), bert.orElseThrow().maxLength(),
                    Truncation.LONGEST_FIRST, false);
            return new TokenizedTextDataset(trainSplit ? texts().train() : texts().test(), encoder);
        }
        return switch (config.dataset()) {
            case "cifar10" -> Cifar10.load(config.dir(), trainSplit ? Cifar10.Split.TRAIN : Cifar10.Split.TEST);
            case "imagefolder" -> {
                ImageFolder folder = ImageFolder.scan(config.dir().resolve(trainSplit ? "train" : "val"));
                if (trainSplit) {
                    trainFolder = folder;
                    yield ImageFolderDataset.training("imagefolder/train", folder, ImageNetTransforms.standard(),
                            new ImageDecoder(), seed);
                }
                yield ImageFolderDataset.evaluation("imagefolder/val", folder, ImageNetTransforms.standard(),
                        new ImageDecoder());
            }
            default -> FashionMnist.load(config.dir(), trainSplit ? FashionMnist.Split.TRAIN : FashionMnist.Split.TEST);
        };
    }

    /** A seeded random subset of the training set (the reference's 1000-image calibration set). */
    public Dataset calibration(int size, long calibrationSeed) {
        Dataset t = train();
        int n = Math.min(size, t.size());
        return new SubsetDataset(t, IndexSampling.randomSubset(t.size(), n, calibrationSeed),
                t.name() + "/calibration");
    }

    private TextSplits texts() {
        if (texts == null) {
            texts = TextSplits.load(config);
        }
        return texts;
    }

    /** The class names of the configured dataset, in class-id order; question answering has none. */
    public synchronized List<String> classNames() {
        if (config.isQuestionAnswering()) {
            throw new IllegalStateException("dataset '" + config.dataset() + "' is question answering, not "
                    + "classification: it has no class names");
        }
        if (config.isText()) {
            return texts().train().classNames();
        }
        return switch (config.dataset()) {
            case "cifar10" -> Cifar10.CLASS_NAMES;
            case "imagefolder" -> {
                train();
                yield trainFolder.classNames();
            }
            default -> FashionMnist.CLASS_NAMES;
        };
    }

    /** The normalized value of a black pixel per channel, used to pad augmented crops as torchvision does. */
    public float[] blackPixel() {
        ChannelNormalization n = switch (config.dataset()) {
            case "cifar10" -> ChannelNormalization.CIFAR10;
            case "imagefolder" -> ChannelNormalization.IMAGENET;
            default -> null;
        };
        if (n == null) {
            return new float[] {FashionMnist.normalize(0)};
        }
        float[] fill = new float[n.channels()];
        for (int c = 0; c < fill.length; c++) {
            fill[c] = n.normalizePixel(c, 0);
        }
        return fill;
    }

    private Dataset limit(Dataset all, int limit, boolean random) {
        if (limit == 0 || limit >= all.size()) {
            return all;
        }
        int[] idx = random ? IndexSampling.randomSubset(all.size(), limit, seed) : IndexSampling.identity(limit);
        return new SubsetDataset(all, idx, all.name() + "[" + limit + "]");
    }
}

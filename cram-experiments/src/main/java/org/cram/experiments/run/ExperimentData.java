package org.cram.experiments.run;

import jakarta.inject.Inject;
import org.cram.api.data.Dataset;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.data.ChannelNormalization;
import org.cram.experiments.data.Cifar10;
import org.cram.experiments.data.FashionMnist;
import org.cram.experiments.data.InMemoryImageDataset;
import org.cram.experiments.data.IndexSampling;

/**
 * The datasets an experiment config names, loaded once: the (optionally subsampled) training set, the test set,
 * and seeded calibration subsets of the training set for batch-norm re-tuning.
 */
public final class ExperimentData {
    private final ExperimentConfig.Data config;
    private final long seed;
    private InMemoryImageDataset train;
    private InMemoryImageDataset test;

    @Inject
    public ExperimentData(ExperimentConfig config) {
        this.config = config.data();
        this.seed = config.seed();
    }

    /** The training set, or a seeded random subset of {@code data.train_limit} examples. */
    public synchronized InMemoryImageDataset train() {
        if (train == null) {
            train = limit(load(true), config.trainLimit(), true);
        }
        return train;
    }

    /** The test set, or its first {@code data.test_limit} examples. */
    public synchronized InMemoryImageDataset test() {
        if (test == null) {
            test = limit(load(false), config.testLimit(), false);
        }
        return test;
    }

    /** A seeded random subset of the training set (the reference's 1000-image calibration set). */
    public Dataset calibration(int size, long calibrationSeed) {
        InMemoryImageDataset t = train();
        int n = Math.min(size, t.size());
        return t.subset(IndexSampling.randomSubset(t.size(), n, calibrationSeed), t.name() + "/calibration");
    }

    private InMemoryImageDataset load(boolean trainSplit) {
        return switch (config.dataset()) {
            case "cifar10" -> Cifar10.load(config.dir(), trainSplit ? Cifar10.Split.TRAIN : Cifar10.Split.TEST);
            default -> FashionMnist.load(config.dir(), trainSplit ? FashionMnist.Split.TRAIN : FashionMnist.Split.TEST);
        };
    }

    /** The class names of the configured dataset, in class-id order. */
    public java.util.List<String> classNames() {
        return config.dataset().equals("cifar10") ? Cifar10.CLASS_NAMES : FashionMnist.CLASS_NAMES;
    }

    /** The normalized value of a black pixel per channel, used to pad augmented crops as torchvision does. */
    public float[] blackPixel() {
        if (config.dataset().equals("cifar10")) {
            ChannelNormalization n = ChannelNormalization.CIFAR10;
            float[] fill = new float[n.channels()];
            for (int c = 0; c < fill.length; c++) {
                fill[c] = n.normalizePixel(c, 0);
            }
            return fill;
        }
        return new float[] {FashionMnist.normalize(0)};
    }

    private InMemoryImageDataset limit(InMemoryImageDataset all, int limit, boolean random) {
        if (limit == 0 || limit >= all.size()) {
            return all;
        }
        int[] idx = random ? IndexSampling.randomSubset(all.size(), limit, seed) : IndexSampling.identity(limit);
        return all.subset(idx, all.name() + "[" + limit + "]");
    }
}

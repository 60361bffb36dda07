package org.cram.experiments.run;

import jakarta.inject.Inject;
import org.cram.api.data.Dataset;
import org.cram.experiments.config.ExperimentConfig;
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
            InMemoryImageDataset all = FashionMnist.load(config.dir(), FashionMnist.Split.TRAIN);
            train = limit(all, config.trainLimit(), true);
        }
        return train;
    }

    /** The test set, or its first {@code data.test_limit} examples. */
    public synchronized InMemoryImageDataset test() {
        if (test == null) {
            InMemoryImageDataset all = FashionMnist.load(config.dir(), FashionMnist.Split.TEST);
            test = limit(all, config.testLimit(), false);
        }
        return test;
    }

    /** A seeded random subset of the training set (the reference's 1000-image calibration set). */
    public Dataset calibration(int size, long calibrationSeed) {
        InMemoryImageDataset t = train();
        int n = Math.min(size, t.size());
        return t.subset(IndexSampling.randomSubset(t.size(), n, calibrationSeed), t.name() + "/calibration");
    }

    /** The class names of the configured dataset, in class-id order. */
    public java.util.List<String> classNames() {
        return FashionMnist.CLASS_NAMES;
    }

    /** The normalized value of a black pixel, used to pad augmented crops as torchvision does. */
    public float blackPixel() {
        return FashionMnist.normalize(0);
    }

    private InMemoryImageDataset limit(InMemoryImageDataset all, int limit, boolean random) {
        if (limit == 0 || limit >= all.size()) {
            return all;
        }
        int[] idx = random ? IndexSampling.randomSubset(all.size(), limit, seed) : IndexSampling.identity(limit);
        return all.subset(idx, all.name() + "[" + limit + "]");
    }
}

package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.cram.experiments.data.FashionMnist.Split;
import org.junit.jupiter.api.Test;

/**
 * Checks the installed Fashion-MNIST files. Deliberately not skipped when they are absent: it then fails with the
 * install instructions, since CI installs {@code dataset-fashion-mnist}.
 */
class FashionMnistRealDataTest {

    @Test
    void realTrainAndTestSplitsHaveTheDocumentedShapeAndBalance() {
        InMemoryImageDataset train = FashionMnist.load(FashionMnist.DEFAULT_DIR, Split.TRAIN);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.featureShape()).containsExactly(1, 28, 28);
        assertThat(train.classCounts()).hasSize(10).containsOnly(6_000);
        assertStandardized(train);
        train = null; // release ~190 MB before loading the next split

        InMemoryImageDataset test = FashionMnist.load(FashionMnist.DEFAULT_DIR, Split.TEST);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.featureShape()).containsExactly(1, 28, 28);
        assertThat(test.classCounts()).hasSize(10).containsOnly(1_000);
    }

    /** MEAN and STD are the training statistics, so the normalized training pixels have mean 0 and std 1. */
    private static void assertStandardized(InMemoryImageDataset data) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < data.size(); i++) {
            for (float v : data.example(i)) {
                sum += v;
                sumSq += (double) v * v;
            }
        }
        double n = (double) data.size() * data.exampleLength();
        double mean = sum / n;
        double std = Math.sqrt(sumSq / n - mean * mean);
        assertThat(mean).isCloseTo(0.0, within(2e-3));
        assertThat(std).isCloseTo(1.0, within(2e-3));
    }
}

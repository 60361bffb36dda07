package org.cram.experiments.text;

import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.data.FineFoods;
import org.cram.experiments.data.TextClassificationReader;
import org.cram.experiments.data.TextDataset;

/**
 * The training and test texts a config's data section names, sharing one label mapping: the fine-food reviews
 * ({@link FineFoods}), or a {@code csv}/{@code jsonl} pair of files read with {@link TextClassificationReader}, the
 * test file with the training file's class names (a label only the test file has is an error naming it).
 *
 * @param train the training texts
 * @param test  the test texts
 */
public record TextSplits(TextDataset train, TextDataset test) {

    /** Reads both splits. */
    public static TextSplits load(ExperimentConfig.Data data) {
        if (data.dataset().equals("fine-foods")) {
            FineFoods.Splits s = FineFoods.load(data.dir());
            return new TextSplits(s.train(), s.test());
        }
        ExperimentConfig.TextFiles f = data.textFiles().orElseThrow(() -> new IllegalArgumentException(
                "dataset '" + data.dataset() + "' needs its train and test files"));
        TextClassificationReader reader = TextClassificationReader.of(f.textColumn(), f.labelColumn());
        if (f.pairColumn().isPresent()) {
            reader = reader.withTextPair(f.pairColumn().get());
        }
        boolean csv = data.dataset().equals("csv");
        TextDataset train = csv ? reader.readCsv(f.train()) : reader.readJsonl(f.train());
        TextClassificationReader testReader = reader.withClassNames(train.classNames());
        TextDataset test = csv ? testReader.readCsv(f.test()) : testReader.readJsonl(f.test());
        return new TextSplits(train, test);
    }
}

package org.cram.experiments.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;

/**
 * SQuAD v1.1 questions as a {@link Dataset} of span question-answering batches ({@link SquadFeatures}): one feature
 * per question, tokenized on first use; the primary labels are the answer start tokens and
 * {@link Batch#END_POSITIONS} the end tokens. The questions stay available for mapping predicted spans back to
 * context text ({@link SquadEvaluation}).
 */
public final class SquadDataset implements Dataset {
    private final String name;
    private final List<SquadExample> examples;
    private final SquadFeatures features;
    private final int maxLength;
    private final SquadFeatures.Feature[] encoded;

    /**
     * @param name      the data identity, e.g. {@code squad/train-v1.1.json}
     * @param examples  the questions, in dataset order
     * @param features  the encoder of questions with their contexts
     * @param maxLength the most tokens per feature (the encoder's max length)
     */
    public SquadDataset(String name, List<SquadExample> examples, SquadFeatures features, int maxLength) {
        this.name = Objects.requireNonNull(name, "name");
        this.examples = List.copyOf(examples);
        this.features = Objects.requireNonNull(features, "features");
        this.maxLength = maxLength;
        this.encoded = new SquadFeatures.Feature[this.examples.size()];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return examples.size();
    }

    /** The number of token positions a label can point at (the max length). */
    @Override
    public int numClasses() {
        return maxLength;
    }

    /** {@code [max_length]}: the longest sequence of one feature. */
    @Override
    public long[] featureShape() {
        return new long[] {maxLength};
    }

    /** The question at {@code index}. */
    public SquadExample example(int index) {
        return examples.get(index);
    }

    /** The encoded question at {@code index}, with its answer's token span. */
    public synchronized SquadFeatures.Feature feature(int index) {
        Objects.checkIndex(index, encoded.length);
        if (encoded[index] == null) {
            encoded[index] = features.encode(examples.get(index));
        }
        return encoded[index];
    }

    @Override
    public Batch batch(int[] indices) {
        List<SquadFeatures.Feature> batch = new ArrayList<>(indices.length);
        for (int i : indices) {
            batch.add(feature(i));
        }
        return features.batch(batch);
    }
}

package org.cram.experiments.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.experiments.data.TextDataset;
import org.cram.experiments.data.TextExample;
import org.cram.models.text.Encoding;

/**
 * A text-classification dataset as a {@link Dataset} of BERT batches: token ids {@code [n, seq]} as features with
 * the attention mask and token types as further inputs (see {@link TextBatchEncoder}). Each example is tokenized
 * once, on first use, and every batch is padded to its longest example, so short texts cost short sequences.
 */
public final class TokenizedTextDataset implements Dataset {
    private final TextDataset text;
    private final TextBatchEncoder encoder;
    private final Encoding[] encodings;

    public TokenizedTextDataset(TextDataset text, TextBatchEncoder encoder) {
        this.text = Objects.requireNonNull(text, "text");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.encodings = new Encoding[text.size()];
    }

    /** The raw texts and labels. */
    public TextDataset text() {
        return text;
    }

    @Override
    public String name() {
        return text.name();
    }

    @Override
    public int size() {
        return text.size();
    }

    @Override
    public int numClasses() {
        return text.numClasses();
    }

    /** {@code [max_length]}: the longest sequence of one example. */
    @Override
    public long[] featureShape() {
        return new long[] {encoder.maxLength()};
    }

    @Override
    public Batch batch(int[] indices) {
        List<Encoding> batch = new ArrayList<>(indices.length);
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            batch.add(encoding(indices[i]));
            labels[i] = text.example(indices[i]).label();
        }
        return encoder.toBatch(batch, labels, Map.of());
    }

    private Encoding encoding(int index) {
        Objects.checkIndex(index, encodings.length);
        if (encodings[index] == null) {
            TextExample e = text.example(index);
            encodings[index] = encoder.encode(e.text(), e.textPair());
        }
        return encodings[index];
    }
}

package org.cram.experiments.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cram.api.data.Batch;
import org.cram.models.text.Encoding;
import org.cram.models.text.Truncation;
import org.cram.models.text.WordPieceTokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns (text[, pair], label) examples into {@link Batch}es for BERT models: features are the token ids
 * {@code [n, seq]} (INT), with {@link Batch#ATTENTION_MASK} and {@link Batch#TOKEN_TYPE_IDS} as further inputs. Each
 * example is encoded as {@code [CLS] text [SEP] (pair [SEP])}, truncated to the max length, and the batch is padded
 * to its longest example or to the fixed max length.
 */
public final class TextBatchEncoder {
    private final WordPieceTokenizer tokenizer;
    private final int maxLength;
    private final Truncation truncation;
    private final boolean padToMaxLength;

    /**
     * @param maxLength      the most tokens per example, specials included
     * @param truncation     how pairs are shortened
     * @param padToMaxLength pad every batch to {@code maxLength} (else to the batch's longest example)
     */
    public TextBatchEncoder(WordPieceTokenizer tokenizer, int maxLength, Truncation truncation,
                            boolean padToMaxLength) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be at least 3, got " + maxLength);
        }
        this.maxLength = maxLength;
        this.truncation = Objects.requireNonNull(truncation, "truncation");
        this.padToMaxLength = padToMaxLength;
    }

    /** The tokenizer examples are encoded with. */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** The most tokens per example, specials included. */
    public int maxLength() {
        return maxLength;
    }

    /** Encodes one example (unpadded). */
    public Encoding encode(String text, String pair) {
        return tokenizer.encode(text, pair, maxLength, truncation, false);
    }

    /**
     * @param texts  the (first) texts
     * @param pairs  the second texts, or {@code null} for single-text examples (entries may also be {@code null})
     * @param labels one label per text
     */
    public Batch encode(List<String> texts, List<String> pairs, int[] labels) {
        if (labels.length != texts.size() || (pairs != null && pairs.size() != texts.size())) {
            throw new IllegalArgumentException(texts.size() + " texts, " + (pairs == null ? 0 : pairs.size())
                    + " pairs and " + labels.length + " labels do not line up");
        }
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            encodings.add(encode(texts.get(i), pairs == null ? null : pairs.get(i)));
        }
        return toBatch(encodings, labels, Map.of());
    }

    /**
     * A batch of given encodings, padded to the longest or to the max length.
     *
     * @param labelColumns further label columns (e.g. {@link Batch#END_POSITIONS})
     */
    public Batch toBatch(List<Encoding> encodings, int[] labels, Map<String, int[]> labelColumns) {
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException("cannot make a batch of no examples");
        }
        int longest = encodings.stream().mapToInt(Encoding::length).max().orElseThrow();
        if (longest > maxLength) {
            throw new IllegalArgumentException("an encoding has " + longest + " tokens, more than the max length "
                    + maxLength);
        }
        int length = padToMaxLength ? maxLength : longest;
        int n = encodings.size();
        int[][] ids = new int[n][];
        int[][] mask = new int[n][];
        int[][] types = new int[n][];
        for (int i = 0; i < n; i++) {
            Encoding e = tokenizer.pad(encodings.get(i), length);
            ids[i] = e.ids();
            mask[i] = e.attentionMask();
            types[i] = e.typeIds();
        }
        Map<String, INDArray> inputs = Map.of(Batch.ATTENTION_MASK, Nd4j.createFromArray(mask),
                Batch.TOKEN_TYPE_IDS, Nd4j.createFromArray(types));
        return new Batch(Nd4j.createFromArray(ids), labels, inputs, labelColumns);
    }
}

package org.cram.experiments.text;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cram.api.data.Batch;
import org.cram.models.text.Encoding;
import org.cram.models.text.Truncation;
import org.cram.models.text.WordPieceTokenizer;

/**
 * Training features of span question answering, as Hugging Face's {@code run_qa.py} prepares them: the pair
 * (question, context) encoded with only the context truncated to the max length (one feature per question, no
 * document stride), and the first answer's character span mapped to start and end token positions through the
 * tokenizer's offsets: the start is the last context token starting at or before the answer's first char, the end
 * the first context token (from the right) ending at or after its last char. An answer not fully inside the kept
 * context maps to position 0 ([CLS]).
 */
public final class SquadFeatures {
    private final TextBatchEncoder encoder;

    /** @param encoder its tokenizer, max length and padding are used; its truncation is ignored (only the context) */
    public SquadFeatures(TextBatchEncoder encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /**
     * One question's feature.
     *
     * @param exampleId     the question id
     * @param encoding      {@code [CLS] question [SEP] context [SEP]}, unpadded
     * @param startPosition answer start token, 0 if the answer was truncated away
     * @param endPosition   answer end token (inclusive), 0 if the answer was truncated away
     */
    public record Feature(String exampleId, Encoding encoding, int startPosition, int endPosition) {
    }

    /**
     * Encodes a question with its context and maps its first answer.
     *
     * @throws IllegalArgumentException naming the question id if the question alone does not fit the max length
     */
    public Feature encode(SquadExample example) {
        WordPieceTokenizer tokenizer = encoder.tokenizer();
        Encoding e;
        try {
            e = tokenizer.encode(example.question(), example.context(), encoder.maxLength(), Truncation.ONLY_SECOND,
                    false);
        } catch (IllegalArgumentException tooLong) {
            throw new IllegalArgumentException("question '" + example.id() + "': " + tooLong.getMessage(), tooLong);
        }
        SquadExample.Answer answer = example.answers().get(0);
        int[] span = tokenSpan(e, answer.start(), answer.end());
        return new Feature(example.id(), e, span[0], span[1]);
    }

    /** Start and end token of the char span {@code [startChar, endChar)} of the second text, or {0, 0}. */
    static int[] tokenSpan(Encoding e, int startChar, int endChar) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < e.length(); i++) {
            if (e.sequenceId(i) == 1) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0 || e.start(first) > startChar || e.end(last) < endChar) {
            return new int[] {0, 0};
        }
        int start = first;
        while (start + 1 <= last && e.start(start + 1) <= startChar) {
            start++;
        }
        int end = last;
        while (end - 1 >= first && e.end(end - 1) >= endChar) {
            end--;
        }
        return new int[] {start, end};
    }

    /** A batch: token ids, mask and types; labels the start positions, {@link Batch#END_POSITIONS} the ends. */
    public Batch batch(List<Feature> features) {
        int[] starts = features.stream().mapToInt(Feature::startPosition).toArray();
        int[] ends = features.stream().mapToInt(Feature::endPosition).toArray();
        return encoder.toBatch(features.stream().map(Feature::encoding).toList(), starts,
                Map.of(Batch.END_POSITIONS, ends));
    }
}

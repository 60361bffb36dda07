package org.cram.experiments.data;

import java.util.Objects;
import java.util.Optional;

/**
 * One text-classification example: a text, for sentence-pair tasks a second text, and a class id.
 *
 * @param text the (first) text, never null
 * @param textPair the second text of a pair task, or {@code null} for single-text tasks
 * @param label class id, an index into {@link TextDataset#classNames()}
 */
public record TextExample(String text, String textPair, int label) {
    /** Requires a text and a non-negative label. */
    public TextExample {
        Objects.requireNonNull(text, "text");
        if (label < 0) {
            throw new IllegalArgumentException("label must be non-negative, got " + label);
        }
    }

    /** A single-text example. */
    public static TextExample of(String text, int label) {
        return new TextExample(text, null, label);
    }

    /** The second text, if this is a pair example. */
    public Optional<String> pair() {
        return Optional.ofNullable(textPair);
    }

    /** Whether this example has a second text. */
    public boolean hasPair() {
        return textPair != null;
    }
}

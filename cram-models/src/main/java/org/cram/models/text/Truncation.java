package org.cram.models.text;

/** How an encoding that is too long is shortened (Hugging Face tokenizers' truncation strategies). */
public enum Truncation {
    /** Shorten the longer of the two texts first (tokenizers' {@code LongestFirst}); the default. */
    LONGEST_FIRST,
    /** Shorten only the first text. */
    ONLY_FIRST,
    /** Shorten only the second text (question answering: keep the question, cut the context). */
    ONLY_SECOND
}

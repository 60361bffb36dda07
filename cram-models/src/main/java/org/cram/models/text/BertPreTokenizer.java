package org.cram.models.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face tokenizers' {@code BertPreTokenizer}: splits on whitespace (dropped) and makes every punctuation
 * character a word of its own.
 */
public final class BertPreTokenizer {
    /** A word: the span {@code [start, end)} of the normalized text. */
    public record Span(int start, int end) {
    }

    /** The words of a (normalized) text. */
    public List<Span> split(String text) {
        List<Span> words = new ArrayList<>();
        int wordStart = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (Characters.isWhitespace(cp)) {
                if (wordStart >= 0) {
                    words.add(new Span(wordStart, i));
                    wordStart = -1;
                }
            } else if (Characters.isPunctuation(cp)) {
                if (wordStart >= 0) {
                    words.add(new Span(wordStart, i));
                    wordStart = -1;
                }
                words.add(new Span(i, next));
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i = next;
        }
        if (wordStart >= 0) {
            words.add(new Span(wordStart, text.length()));
        }
        return words;
    }
}

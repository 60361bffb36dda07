package org.cram.models.text;

/**
 * Normalized text with, for each of its chars, the span {@code [start, end)} of the original text it came from
 * (UTF-16 indices), so that tokens of the normalized text map back to character offsets of the original.
 */
public final class NormalizedText {
    private final String text;
    private final int[] starts;
    private final int[] ends;

    NormalizedText(String text, int[] starts, int[] ends) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** The normalized text. */
    public String text() {
        return text;
    }

    /** Its length in UTF-16 units. */
    public int length() {
        return text.length();
    }

    /** Start (inclusive) in the original text of normalized char {@code i}. */
    public int originalStart(int i) {
        return starts[i];
    }

    /** End (exclusive) in the original text of normalized char {@code i}. */
    public int originalEnd(int i) {
        return ends[i];
    }

    /** Accumulates normalized chars with their original spans. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private int[] starts = new int[16];
        private int[] ends = new int[16];

        void append(CharSequence s, int origStart, int origEnd) {
            for (int i = 0; i < s.length(); i++) {
                int n = text.length();
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                    ends = java.util.Arrays.copyOf(ends, n * 2);
                }
                text.append(s.charAt(i));
                starts[n] = origStart;
                ends[n] = origEnd;
            }
        }

        NormalizedText build() {
            int n = text.length();
            return new NormalizedText(text.toString(), java.util.Arrays.copyOf(starts, n),
                    java.util.Arrays.copyOf(ends, n));
        }
    }
}

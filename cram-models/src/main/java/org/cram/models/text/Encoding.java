package org.cram.models.text;

import java.util.Arrays;

/**
 * The encoding of one text or text pair: token ids, token-type ids (0 for the first text and its specials, 1 for
 * the second), the attention mask (1 real, 0 padding), the sequence each token came from (0, 1, or -1 for special
 * and padding tokens), character offsets {@code [start, end)} into that text (UTF-16 indices; {@code (0, 0)} for
 * special and padding tokens), and the token strings. Accessors return copies.
 */
public final class Encoding {
    private final int[] ids;
    private final int[] typeIds;
    private final int[] attentionMask;
    private final int[] sequenceIds;
    private final int[] starts;
    private final int[] ends;
    private final String[] tokens;

    Encoding(int[] ids, int[] typeIds, int[] attentionMask, int[] sequenceIds, int[] starts, int[] ends,
             String[] tokens) {
        int n = ids.length;
        if (typeIds.length != n || attentionMask.length != n || sequenceIds.length != n || starts.length != n
                || ends.length != n || tokens.length != n) {
            throw new IllegalArgumentException("encoding arrays differ in length");
        }
        this.ids = ids;
        this.typeIds = typeIds;
        this.attentionMask = attentionMask;
        this.sequenceIds = sequenceIds;
        this.starts = starts;
        this.ends = ends;
        this.tokens = tokens;
    }

    /** Number of tokens, padding included. */
    public int length() {
        return ids.length;
    }

    /** Token ids. */
    public int[] ids() {
        return ids.clone();
    }

    /** Token-type (segment) ids. */
    public int[] typeIds() {
        return typeIds.clone();
    }

    /** 1 for real tokens, 0 for padding. */
    public int[] attentionMask() {
        return attentionMask.clone();
    }

    /** Per token: 0 or 1 for the first or second text, -1 for special and padding tokens. */
    public int[] sequenceIds() {
        return sequenceIds.clone();
    }

    /** Token strings. */
    public String[] tokens() {
        return tokens.clone();
    }

    /** Id of token {@code i}. */
    public int id(int i) {
        return ids[i];
    }

    /** Token type of token {@code i}. */
    public int typeId(int i) {
        return typeIds[i];
    }

    /** Attention mask of token {@code i}. */
    public int mask(int i) {
        return attentionMask[i];
    }

    /** 0 or 1 for tokens of the first or second text, -1 for special and padding tokens. */
    public int sequenceId(int i) {
        return sequenceIds[i];
    }

    /** Offset of token {@code i}'s first char in its text. */
    public int start(int i) {
        return starts[i];
    }

    /** Offset just past token {@code i}'s last char in its text. */
    public int end(int i) {
        return ends[i];
    }

    /** String of token {@code i}. */
    public String token(int i) {
        return tokens[i];
    }

    /** Number of real (unpadded) tokens. */
    public int realLength() {
        int n = 0;
        for (int m : attentionMask) {
            n += m;
        }
        return n;
    }

    /** This encoding padded at the end to {@code length} with {@code padId} (type 0, mask 0, sequence -1). */
    Encoding padTo(int length, int padId, String padToken) {
        if (length < ids.length) {
            throw new IllegalArgumentException("cannot pad an encoding of " + ids.length + " tokens to " + length);
        }
        int n = ids.length;
        int[] i = Arrays.copyOf(ids, length);
        int[] s = Arrays.copyOf(sequenceIds, length);
        String[] t = Arrays.copyOf(tokens, length);
        Arrays.fill(i, n, length, padId);
        Arrays.fill(s, n, length, -1);
        Arrays.fill(t, n, length, padToken);
        return new Encoding(i, Arrays.copyOf(typeIds, length), Arrays.copyOf(attentionMask, length), s,
                Arrays.copyOf(starts, length), Arrays.copyOf(ends, length), t);
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(tokens);
    }
}

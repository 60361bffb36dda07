package org.cram.models.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WordPiece: greedy longest-match-first segmentation of one word into vocabulary entries, continuation pieces
 * prefixed with {@code ##}; a word longer than {@code maxInputCharsPerWord} code points, or with a part no entry
 * matches, becomes a single unknown token.
 */
public final class WordPiece {
    /** One piece: its id and its span {@code [start, end)} within the word (UTF-16 indices). */
    public record Piece(int id, int start, int end) {
    }

    private final Map<String, Integer> vocab;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;

    /**
     * @param continuingSubwordPrefix prefix of pieces that continue a word ({@code ##})
     * @param maxInputCharsPerWord longer words (in code points) become the unknown token
     */
    public WordPiece(Map<String, Integer> vocab, int unkId, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocab = Map.copyOf(vocab);
        this.unkId = unkId;
        this.prefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /** The pieces of one word (never empty for a non-empty word). */
    public List<Piece> tokenize(String word) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            return List.of(new Piece(unkId, 0, word.length()));
        }
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = word.substring(start, end);
                Integer id = vocab.get(start > 0 ? prefix + sub : sub);
                if (id != null) {
                    found = id;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                return List.of(new Piece(unkId, 0, word.length()));
            }
            pieces.add(new Piece(found, start, end));
            start = end;
        }
        return pieces;
    }
}

package org.cram.experiments.text;

import org.cram.models.text.Encoding;

/**
 * The predicted answer of span question answering: the span {@code (start, end)} of context tokens with
 * {@code start <= end} and at most {@code maxAnswerLength} tokens that maximizes {@code startLogit[start] +
 * endLogit[end]}, cut out of the context through the tokens' character offsets.
 */
public final class SpanDecoder {
    private final int maxAnswerLength;

    /** @param maxAnswerLength the most tokens of a predicted answer, at least 1 */
    public SpanDecoder(int maxAnswerLength) {
        if (maxAnswerLength < 1) {
            throw new IllegalArgumentException("max answer length must be at least 1, got " + maxAnswerLength);
        }
        this.maxAnswerLength = maxAnswerLength;
    }

    /**
     * The best valid span of context tokens, {@code {start, end}} (end inclusive), or {@code null} when the encoding
     * kept no context token.
     *
     * @param startLogits per position (at least as many as the encoding's tokens; padding is ignored)
     * @param endLogits   per position
     */
    public int[] bestSpan(double[] startLogits, double[] endLogits, Encoding encoding) {
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < encoding.length(); s++) {
            if (encoding.sequenceId(s) != 1) {
                continue;
            }
            int last = Math.min(encoding.length() - 1, s + maxAnswerLength - 1);
            for (int e = s; e <= last && encoding.sequenceId(e) == 1; e++) {
                double score = startLogits[s] + endLogits[e];
                if (score > bestScore) {
                    bestScore = score;
                    best = new int[] {s, e};
                }
            }
        }
        return best;
    }

    /** The context text of the best span, or the empty string when there is none. */
    public String answer(double[] startLogits, double[] endLogits, Encoding encoding, String context) {
        int[] span = bestSpan(startLogits, endLogits, encoding);
        return span == null ? "" : context.substring(encoding.start(span[0]), encoding.end(span[1]));
    }
}

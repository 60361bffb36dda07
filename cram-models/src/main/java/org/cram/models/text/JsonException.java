package org.cram.models.text;

/**
 * Malformed JSON, or JSON of the wrong structure; the message names the source (a file), and the line and column or
 * the JSON path ({@code $.data[0].paragraphs[2].context}) of the problem.
 */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the source and the position or JSON path
     */
    public JsonException(String message) {
        super(message);
    }
}

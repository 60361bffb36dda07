/**
 * Text input for BERT: a WordPiece tokenizer read from Hugging Face's {@code tokenizer.json}
 * ({@link org.cram.models.text.WordPieceTokenizer}, producing {@link org.cram.models.text.Encoding}s with token
 * types, attention masks and character offsets), and the small strict JSON parser it and the data readers use
 * ({@link org.cram.models.text.Json}, {@link org.cram.models.text.JsonNode}).
 */
package org.cram.models.text;

/**
 * Text data for BERT experiments: examples to batches of token ids, attention masks and token types
 * ({@link org.cram.experiments.text.TextBatchEncoder}), and SQuAD v1.1 question answering
 * ({@link org.cram.experiments.text.SquadReader}, {@link org.cram.experiments.text.SquadFeatures},
 * {@link org.cram.experiments.text.SquadDataset}), scored by the official F1 and exact match
 * ({@link org.cram.experiments.text.SquadMetrics}) of the spans {@link org.cram.experiments.text.SpanDecoder}
 * predicts ({@link org.cram.experiments.text.SquadEvaluation}).
 */
package org.cram.experiments.text;

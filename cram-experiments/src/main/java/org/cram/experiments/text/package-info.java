/**
 * Text data for BERT experiments: examples to batches of token ids, attention masks and token types
 * ({@link org.cram.experiments.text.TextBatchEncoder}), and SQuAD v1.1 question answering
 * ({@link org.cram.experiments.text.SquadReader}, {@link org.cram.experiments.text.SquadFeatures}).
 */
package org.cram.experiments.text;

/**
 * BERT on libnd4j's native ops with exact backward passes, in the style of {@link org.cram.models.nn}: layers
 * ({@link org.cram.models.bert.BertEmbeddings}, {@link org.cram.models.bert.LayerNorm},
 * {@link org.cram.models.bert.Linear}, {@link org.cram.models.bert.Gelu}, {@link org.cram.models.bert.SelfAttention},
 * {@link org.cram.models.bert.BertLayer}) composed into a {@link org.cram.models.bert.BertEncoder}; task models
 * implementing {@link org.cram.api.model.Model} ({@link org.cram.models.bert.BertForSequenceClassification},
 * {@link org.cram.models.bert.BertForQuestionAnswering}) with Hugging Face's parameter names; and pretrained weights
 * from ONNX exports ({@link org.cram.models.bert.OnnxBertWeights}).
 *
 * <p>No dropout: training is deterministic, so gradient calls depend only on parameters and batch.
 */
package org.cram.models.bert;

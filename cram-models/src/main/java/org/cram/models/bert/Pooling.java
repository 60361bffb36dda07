package org.cram.models.bert;

/** How a sequence classifier turns the hidden states into one vector per sequence. */
public enum Pooling {
    /** The [CLS] hidden state through the pooler (dense + tanh), as Hugging Face's BertForSequenceClassification. */
    CLS_POOLER,
    /** The [CLS] hidden state as it is (no pooler parameters). */
    CLS,
    /** The mean of the hidden states over the attention mask, as sentence-transformers (e.g. all-MiniLM-L6-v2). */
    MEAN
}

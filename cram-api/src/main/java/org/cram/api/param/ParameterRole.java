package org.cram.api.param;

/** What a trainable tensor is for; compressors and weight-decay rules select parameters by role, never by position. */
public enum ParameterRole {
    /** A convolution or linear weight matrix (the tensors the paper compresses). */
    WEIGHT,
    /** An additive bias vector. */
    BIAS,
    /** A normalization scale or shift (batch-norm / layer-norm gamma and beta). */
    NORMALIZATION,
    /** An embedding table (token, position, token-type). */
    EMBEDDING
}

/**
 * Weights in formats other frameworks read: NumPy {@code .npy}/{@code .npz} ({@link org.cram.models.io.Npy},
 * {@link org.cram.models.io.Npz}), keyed by parameter name like a PyTorch {@code state_dict}, and checked assignment
 * of named tensors to a model's parameters ({@link org.cram.models.io.StateDict}).
 */
package org.cram.models.io;

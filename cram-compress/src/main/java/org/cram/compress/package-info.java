/**
 * Compressors, registered as ServiceLoader plug-ins ({@link org.cram.compress.CompressorRegistry}), with their
 * options as a config gives them (unknown options and bad values are errors naming the option, the value and what
 * is allowed).
 *
 * <table>
 * <caption>Built-in compressors</caption>
 * <tr><th>name</th><th>target</th><th>what it does</th><th>options</th></tr>
 * <tr><td>{@code global-magnitude}</td><td>sparsity</td><td>one magnitude threshold over all prunable weights (the
 *     paper's default)</td><td>{@code exact_count}</td></tr>
 * <tr><td>{@code uniform-magnitude}</td><td>sparsity</td><td>the same sparsity in every layer, each with its own
 *     threshold</td><td>{@code exclude} (names or globs), {@code exclude_roles}, {@code exact_count}</td></tr>
 * <tr><td>{@code erk-magnitude}</td><td>sparsity</td><td>per-layer sparsities from the Erdős–Rényi-Kernel
 *     distribution (RigL)</td><td>{@code exact_count}</td></tr>
 * <tr><td>{@code layer-map-magnitude}</td><td>sparsity</td><td>user-given per-layer sparsities</td>
 *     <td>{@code sparsities} (required map), {@code default} (number or {@code target}), {@code exact_count}</td></tr>
 * <tr><td>{@code n-of-m}</td><td>N:M</td><td>N of every M consecutive input-channel weights, the reference's
 *     grouping</td><td>none</td></tr>
 * <tr><td>{@code quantize}</td><td>bits</td><td>symmetric uniform quantization, per output channel or per
 *     tensor</td><td>{@code per_channel}, {@code reference_clipping}</td></tr>
 * <tr><td>{@code magnitude-quantization}</td><td>sparsity</td><td>global magnitude pruning, then quantization
 *     </td><td>{@code bits} (default 8), {@code per_channel}, {@code exact_count}</td></tr>
 * <tr><td>{@code random}</td><td>sparsity</td><td>a seeded uniformly random subset (baseline)</td>
 *     <td>{@code seed} (default 0), {@code exact_count}</td></tr>
 * </table>
 *
 * <p>{@code exact_count} (default false) chooses the {@link org.cram.compress.KeepRule}: false is the reference's
 * rule (threshold = the {@code ceil(n(1-p))}-th largest magnitude, keep strictly greater); true keeps exactly
 * {@code n - ceil(n p)} weights, ties broken by position.
 *
 * <p>Also here: {@link org.cram.compress.SparsityReport} (per-layer, prunable and overall sparsity),
 * {@link org.cram.compress.MaskFromWeights} (the mask of a pruned network, for sparse fine-tuning) and
 * {@link org.cram.compress.TopKThreshold} (the global threshold on plain float arrays);
 * {@code org.cram.compress.bench.TopKBenchmark} times it.
 */
package org.cram.compress;

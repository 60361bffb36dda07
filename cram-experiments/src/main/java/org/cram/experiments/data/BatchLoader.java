package org.cram.experiments.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;

/**
 * Splits a {@link Dataset} into mini-batches, epoch by epoch.
 *
 * <p>With shuffling on, the order of epoch {@code e} is a random permutation drawn from a {@link SplittableRandom}
 * seeded by a mix of the caller's seed and {@code e}. The order therefore depends only on {@code (seed, e)}: runs
 * with the same seed see the same batches, and a run resumed at epoch {@code e} sees what it would have seen.
 * Without shuffling, examples come in index order.
 *
 * <p>The last batch of an epoch is smaller when the batch size does not divide the dataset size, unless
 * {@code dropLast} is set, in which case that partial batch is skipped.
 */
public final class BatchLoader {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;

    public BatchLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /** A shuffling loader that keeps the last partial batch. */
    public static BatchLoader shuffled(Dataset dataset, int batchSize, long seed) {
        return new BatchLoader(dataset, batchSize, true, false, seed);
    }

    /** An in-order loader that keeps the last partial batch, e.g. for evaluation. */
    public static BatchLoader sequential(Dataset dataset, int batchSize) {
        return new BatchLoader(dataset, batchSize, false, false, 0L);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The example indices of every batch of epoch {@code epoch} (0-based), in batch order. */
    public int[][] epochIndices(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        int n = dataset.size();
        int[] order = shuffle ? IndexSampling.permutation(n, new SplittableRandom(epochSeed(seed, epoch)))
                : IndexSampling.identity(n);
        int[][] batches = new int[batchesPerEpoch()][];
        for (int b = 0; b < batches.length; b++) {
            int from = b * batchSize;
            batches[b] = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
        }
        return batches;
    }

    /** The batches of epoch {@code epoch} (0-based); each batch is materialized when the iterator reaches it. */
    public Iterable<Batch> epoch(int epoch) {
        int[][] indices = epochIndices(epoch);
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < indices.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return dataset.batch(indices[next++]);
            }
        };
    }

    /** Decorrelates the per-epoch seeds (SplitMix64 finalizer), so nearby seeds and epochs give unrelated orders. */
    static long epochSeed(long seed, int epoch) {
        return mix64(seed ^ mix64(0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

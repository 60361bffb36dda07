package org.cram.compress.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.cram.api.platform.CpuBackendVariant;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.compress.TopKThreshold;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the global Top-K threshold ({@link TopKThreshold#reference}) over ResNet-50-sized random weights (25.5M
 * floats in 54 tensors) next to one plain pass over the same data and a full sort, and prints one table of median
 * times and ratios to the plain pass. Not a test: run it by hand, e.g.
 * {@code java -cp cram-compress/target/classes org.cram.compress.bench.TopKBenchmark [repetitions] [--nd4j]}.
 * With {@code --nd4j} (an ND4J backend and cram-api must then be on the class path) it also times the whole
 * {@link GlobalMagnitudePruning#compress} on FLOAT INDArrays: threshold, masks and in-place zeroing.
 */
public final class TopKBenchmark {
    private static final double SPARSITY = 0.9;
    private static volatile double sink;

    private TopKBenchmark() {
    }

    public static void main(String[] args) {
        CpuBackendVariant.selectForThisMachine(); // before anything loads ND4J
        List<String> flags = Arrays.asList(args);
        boolean nd4j = flags.contains("--nd4j");
        int reps = flags.stream().filter(a -> !a.startsWith("--")).findFirst().map(Integer::parseInt).orElse(9);
        List<ResNet50Weights.Tensor> weights = ResNet50Weights.generate(42);
        float[][] data = weights.stream().map(ResNet50Weights.Tensor::values).toArray(float[][]::new);
        long n = Arrays.stream(data).mapToLong(a -> a.length).sum();
        System.out.printf(Locale.ROOT, "%d tensors, %d floats (%.1f MB), sparsity %.2f, median of %d runs "
                + "after warm-up%n%n", data.length, n, n * 4 / 1e6, SPARSITY, reps);

        double expected = sortedThreshold(data, n);
        double actual = TopKThreshold.reference(SPARSITY, data);
        if (actual != expected) {
            throw new AssertionError("Top-K threshold " + actual + " differs from the sorted one " + expected);
        }

        double plain4 = time(reps, () -> sumAbsFourAccumulators(data));
        double plain1 = time(reps, () -> sumAbs(data));
        double topK = time(reps, () -> TopKThreshold.reference(SPARSITY, data));
        double topK50 = time(reps, () -> TopKThreshold.reference(0.5, data));
        float[][] pruned = prunedCopy(data, TopKThreshold.reference(SPARSITY, data));
        double topKPruned = time(reps, () -> TopKThreshold.reference(SPARSITY, pruned));
        double sort = time(Math.max(3, reps / 3), () -> sortedThreshold(data, n));
        double compress = nd4j ? timeCompress(reps, weights) : Double.NaN;

        System.out.printf(Locale.ROOT, "%-52s %10s %10s%n", "operation", "median ms", "x plain");
        row("plain pass: sum |w|, 4 accumulators (baseline)", plain4, plain4);
        row("plain pass: sum |w|, 1 accumulator", plain1, plain4);
        row("global Top-K threshold, sparsity 0.9", topK, plain4);
        row("global Top-K threshold, sparsity 0.5", topK50, plain4);
        row("global Top-K threshold, 0.9, weights already pruned", topKPruned, plain4);
        row("full sort: copy |w| to float[] + Arrays.sort", sort, plain4);
        if (nd4j) {
            row("global-magnitude compress on INDArrays (+ masks)", compress, plain4);
        }
        System.out.printf(Locale.ROOT, "%nthreshold %.9g agrees with the sorted array%n", actual);
    }

    private static void row(String name, double ms, double baseline) {
        System.out.printf(Locale.ROOT, "%-52s %10.1f %10.2f%n", name, ms, ms / baseline);
    }

    /** Median wall time in ms of {@code reps} runs after {@code max(2, reps / 3)} warm-up runs. */
    private static double time(int reps, DoubleSupplier task) {
        return time(reps, () -> { }, task);
    }

    /** As {@link #time(int, DoubleSupplier)}, running the untimed {@code setup} before every run. */
    private static double time(int reps, Runnable setup, DoubleSupplier task) {
        for (int i = 0; i < Math.max(2, reps / 3); i++) {
            setup.run();
            sink += task.getAsDouble();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            setup.run();
            long t0 = System.nanoTime();
            sink += task.getAsDouble();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    /** The whole compressor on FLOAT parameters, with the dense weights restored (untimed) before each run. */
    private static double timeCompress(int reps, List<ResNet50Weights.Tensor> weights) {
        List<Parameter> params = new ArrayList<>();
        List<INDArray> dense = new ArrayList<>();
        for (ResNet50Weights.Tensor t : weights) {
            INDArray original = Nd4j.create(t.values(), new long[] {1, t.values().length}, 'c');
            dense.add(original);
            params.add(Parameter.linearWeight(t.name(), original.dup('c')));
        }
        ParameterSet set = new ParameterSet(params);
        GlobalMagnitudePruning pruning = new GlobalMagnitudePruning();
        CompressionTarget target = CompressionTarget.sparsity(SPARSITY);
        Mask[] previous = {null};
        return time(reps, () -> {
            for (int i = 0; i < dense.size(); i++) {
                set.get(i).value().assign(dense.get(i));
            }
        }, () -> {
            // as a CrAM step does: the previous step's mask is handed back and its arrays are overwritten
            previous[0] = pruning.compress(set, target, previous[0]);
            return previous[0].entries().size();
        });
    }

    /** A copy with every |w| <= threshold set to zero, as after pruning. */
    private static float[][] prunedCopy(float[][] data, double threshold) {
        float[][] out = new float[data.length][];
        for (int t = 0; t < data.length; t++) {
            out[t] = data[t].clone();
            for (int i = 0; i < out[t].length; i++) {
                if (Math.abs(out[t][i]) <= threshold) {
                    out[t][i] = 0f;
                }
            }
        }
        return out;
    }

    private static double sumAbs(float[][] data) {
        double s = 0;
        for (float[] a : data) {
            for (float x : a) {
                s += Math.abs(x);
            }
        }
        return s;
    }

    /** The same sum with four independent accumulators, so it runs at memory speed, not add latency. */
    private static double sumAbsFourAccumulators(float[][] data) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (float[] a : data) {
            int i = 0;
            for (; i + 3 < a.length; i += 4) {
                s0 += Math.abs(a[i]);
                s1 += Math.abs(a[i + 1]);
                s2 += Math.abs(a[i + 2]);
                s3 += Math.abs(a[i + 3]);
            }
            for (; i < a.length; i++) {
                s0 += Math.abs(a[i]);
            }
        }
        return s0 + s1 + s2 + s3;
    }

    /** The reference threshold by sorting a copy of all magnitudes. */
    private static double sortedThreshold(float[][] data, long n) {
        float[] all = new float[(int) n];
        int at = 0;
        for (float[] a : data) {
            for (float x : a) {
                all[at++] = Math.abs(x);
            }
        }
        Arrays.sort(all);
        long kk = (long) Math.ceil(n * (1.0 - SPARSITY));
        return all[(int) (n - kk)];
    }
}

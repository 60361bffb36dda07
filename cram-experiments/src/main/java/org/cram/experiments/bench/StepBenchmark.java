package org.cram.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.track.RunStatus;
import org.cram.api.track.TrackedRun;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.tracking.FileStoreTracker;
import org.cram.experiments.train.BatchObjective;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.cram.optim.CramSpec;
import org.cram.optim.SgdSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one model's training step in this JVM: SGD and CrAM+ (global magnitude, k=0.7), median of {@code reps}
 * steps after {@code warmup}, plus the cost of the per-step tracking calls, and the process's peak resident memory.
 * Prints one {@code RESULT} line that {@link BenchCommand} collects; run in a fresh JVM per model so the peak
 * memory is the model's own.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /** Batch shape per benchmark model: the geometries. */
    static long[] inputShape(String model) {
        return switch (model) {
            case "resnet20" -> new long[] {128, 3, 32, 32};
            default -> new long[] {128, 1, 28, 28};
        };
    }

    public static void main(String[] args) throws IOException {
        String model = args[0];
        int warmup = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        long[] shape = inputShape(model);
        Network net = ModelZoo.build(new ModelZoo.ModelSpec(model, (int) shape[1], (int) shape[2], (int) shape[3],
                10, DataType.FLOAT, 1));
        SplittableRandom r = new SplittableRandom(2);
        int[] labels = r.ints((int) shape[0], 0, 10).toArray();
        Batch batch = new Batch(Nd4j.rand(DataType.FLOAT, shape).subi(0.5), labels);
        double sgd = medianStepMillis(net, SgdSpec.of(0.01, 0.9, 1e-4), batch, warmup, reps);
        double cram = medianStepMillis(net, CramSpec.cramPlus(SgdSpec.of(0.01, 0.9, 1e-4), 0.05, 0.7,
                new GlobalMagnitudePruning(), 1), batch, warmup, reps);
        double tracking = trackingMillisPerStep(reps);
        System.out.printf(Locale.ROOT, "RESULT %s %.3f %.3f %.4f %d%n", model, sgd, cram, tracking,
                peakRssMegabytes());
    }

    private static double medianStepMillis(Network net, OptimizerSpec spec, Batch batch, int warmup, int reps) {
        Optimizer opt = spec.create(net.parameters());
        double[] t = new double[reps];
        for (int i = 0; i < warmup + reps; i++) {
            long start = System.nanoTime();
            opt.step(new BatchObjective(net, batch));
            if (i >= warmup) {
                t[i - warmup] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /** The tracking calls a CrAM+ training step makes (6 metrics) into a file store, median per step. */
    private static double trackingMillisPerStep(int reps) throws IOException {
        Path store = Files.createTempDirectory("cram-bench-mlruns");
        double[] t = new double[Math.max(reps, 20)];
        try (FileStoreTracker tracker = FileStoreTracker.open(store);
             TrackedRun run = tracker.startRun("bench", "tracking", java.util.Optional.empty())) {
            for (int i = 0; i < t.length; i++) {
                long start = System.nanoTime();
                run.logMetric("step/train_loss", 0.5, i);
                run.logMetric("step/train_accuracy", 0.5, i);
                run.logMetric("step/lr", 0.1, i);
                run.logMetric("step/seconds", 0.01, i);
                run.logMetric("step/compressed_loss", 0.6, i);
                run.logMetric("step/realized_sparsity", 0.7, i);
                t[i] = (System.nanoTime() - start) / 1e6;
            }
            run.end(RunStatus.FINISHED);
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    /** VmHWM of this process (peak resident set, including ND4J's off-heap memory), in MB. */
    static long peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}

package org.cram.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.model.Model;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.platform.CpuBackendVariant;
import org.cram.api.track.RunStatus;
import org.cram.api.track.TrackedRun;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.platform.PeriodicCollection;
import org.cram.experiments.tracking.FileStoreTracker;
import org.cram.experiments.train.BatchObjective;
import org.cram.models.bert.BertConfig;
import org.cram.models.bert.BertForSequenceClassification;
import org.cram.models.bert.BertInit;
import org.cram.models.bert.Pooling;
import org.cram.models.bert.PruningScope;
import org.cram.models.zoo.ModelZoo;
import org.cram.optim.CramSpec;
import org.cram.optim.SgdSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one model's training step in this JVM: SGD and CrAM+ (global magnitude, k=0.7), each warmed up, then timed
 * interleaved (one SGD step, one CrAM+ step, and so on) so that a slow minute of this shared machine slows both
 * alike and their ratio stays put; the median of at least {@code reps} steps and {@link #MIN_TIMED_SECONDS} of
 * each. Also the cost of the per-step tracking
 * calls, the process's peak resident memory and (optionally) its resident memory before and after a soak of further
 * CrAM+ steps.
 * Prints one {@code RESULT} line that {@link BenchCommand} collects; run in a fresh JVM per model so the peak
 * memory is the model's own.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /** The BERT benchmark model: all-MiniLM-L6-v2's geometry (random weights), sequence 128, batch 32. */
    static final String BERT_MINILM = "bert-minilm";
    private static final int BERT_BATCH = 32;
    private static final int BERT_SEQUENCE = 128;
    /**
     * Timed steps run for at least this long as well as at least {@code REPS} steps: 20 LeNet steps last 60 ms, and
     * their median moved between 3 and 8 ms from run to run with where the collector happened to run.
     */
    static final double MIN_TIMED_SECONDS = 3.0;
    private static final int TRACKING_WARMUP_STEPS = 2000;
    private static final int TRACKING_TIMED_STEPS = 2000;

    /**
     * Usage: {@code StepBenchmark MODEL WARMUP REPS [SOAK_STEPS [WARMUP_SECONDS]]}. The warm-up runs at least
     * {@code WARMUP} steps and at least {@code WARMUP_SECONDS} (see {@link BenchCommand#WARMUP_SECONDS} for why). With {@code SOAK_STEPS > 0} it then runs that many further CrAM+ steps and reports the
     * resident memory after the timed steps and after the soak, so that off-heap growth shows.
     */
    public static void main(String[] args) throws IOException {
        CpuBackendVariant.selectForThisMachine(); // before anything loads ND4J
        String model = args[0];
        int warmup = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        int soak = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        double warmupSeconds = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        Model net = build(model);
        Batch batch = batch(model);
        Warmup w = new Warmup(warmup, warmupSeconds);
        // between steps, untimed, as the Trainer does: without it the timed phases' peak resident memory holds the
        // native buffers of promoted dead handles that training never accumulates (ResNet-20: about +130 MB)
        PeriodicCollection collection = PeriodicCollection.standard();
        Optimizer sgdOptimizer = SgdSpec.of(0.01, 0.9, 1e-4).create(net.parameters());
        Optimizer cram = cramPlusSpec().create(net.parameters());
        warmUp(net, sgdOptimizer, batch, w, collection);
        warmUp(net, cram, batch, w, collection);
        double[] medians = InterleavedTiming.medianMillis(
                List.of(() -> sgdOptimizer.step(new BatchObjective(net, batch)),
                        () -> cram.step(new BatchObjective(net, batch))),
                reps, MIN_TIMED_SECONDS, collection::maybeCollect, System::nanoTime);
        double sgd = medians[0];
        double cramMs = medians[1];
        long rssAfterTimed = currentRssMegabytes();
        for (int i = 0; i < soak; i++) {
            cram.step(new BatchObjective(net, batch));
            collection.maybeCollect();
        }
        long rssAfterSoak = soak > 0 ? currentRssMegabytes() : rssAfterTimed;
        double tracking = trackingMillisPerStep();
        System.out.printf(Locale.ROOT, "RESULT %s %.3f %.3f %.4f %d %d %d %d%n", model, sgd, cramMs, tracking,
                peakRssMegabytes(), rssAfterTimed, rssAfterSoak, soak);
    }

    /** CrAM+ as benchmarked: SGD base (lr 0.01, momentum 0.9, wd 1e-4), rho 0.05, global magnitude at k=0.7. */
    static OptimizerSpec cramPlusSpec() {
        return CramSpec.cramPlus(SgdSpec.of(0.01, 0.9, 1e-4), 0.05, 0.7, new GlobalMagnitudePruning(), 1);
    }

    /** The benchmark model: a zoo network at the input geometry, or {@link #BERT_MINILM}. */
    static Model build(String model) {
        if (model.equals(BERT_MINILM)) {
            return new BertForSequenceClassification("bench", BertConfig.miniLmL6(), 2, Pooling.MEAN,
                    PruningScope.ENCODER_LINEAR, DataType.FLOAT, BertInit.normal(1, 0.02));
        }
        long[] shape = imageShape(model);
        return ModelZoo.build(new ModelZoo.ModelSpec(model, (int) shape[1], (int) shape[2], (int) shape[3], 10,
                DataType.FLOAT, 1));
    }

    /** Batch shape per image benchmark model: the geometries. */
    static long[] imageShape(String model) {
        return switch (model) {
            case "resnet20" -> new long[] {128, 3, 32, 32};
            default -> new long[] {128, 1, 28, 28};
        };
    }

    /** A random batch at the model's benchmark geometry. */
    static Batch batch(String model) {
        SplittableRandom r = new SplittableRandom(2);
        if (model.equals(BERT_MINILM)) {
            int vocab = BertConfig.miniLmL6().vocabSize();
            double[] ids = r.ints((long) BERT_BATCH * BERT_SEQUENCE, 0, vocab).asDoubleStream().toArray();
            return new Batch(Nd4j.create(ids, new long[] {BERT_BATCH, BERT_SEQUENCE}, 'c').castTo(DataType.INT32),
                    r.ints(BERT_BATCH, 0, 2).toArray());
        }
        long[] shape = imageShape(model);
        int[] labels = r.ints((int) shape[0], 0, 10).toArray();
        return new Batch(Nd4j.rand(DataType.FLOAT, shape).subi(0.5), labels);
    }

    /** Untimed steps: at least {@code steps} of them and at least {@code seconds} of stepping. */
    record Warmup(int steps, double seconds) {
        boolean done(int stepsRun, long startNanos) {
            return stepsRun >= steps && (System.nanoTime() - startNanos) / 1e9 >= seconds;
        }
    }

    private static void warmUp(Model net, Optimizer opt, Batch batch, Warmup warmup, PeriodicCollection collection) {
        long start = System.nanoTime();
        for (int i = 0; !warmup.done(i, start); i++) {
            opt.step(new BatchObjective(net, batch));
            collection.maybeCollect();
        }
    }

    /**
     * The tracking calls a CrAM+ training step makes (6 metrics) into a file store, median per step in steady state:
     * after {@link #TRACKING_WARMUP_STEPS} untimed steps (the first point of a metric creates its file, and the
     * JIT compiles the path), so that it compares with the step times, which exclude warm-up too.
     */
    private static double trackingMillisPerStep() throws IOException {
        Path store = Files.createTempDirectory("cram-bench-mlruns");
        double[] t = new double[TRACKING_TIMED_STEPS];
        try (FileStoreTracker tracker = FileStoreTracker.open(store);
             TrackedRun run = tracker.startRun("bench", "tracking", java.util.Optional.empty())) {
            for (int i = -TRACKING_WARMUP_STEPS; i < t.length; i++) {
                long start = System.nanoTime();
                long step = i + TRACKING_WARMUP_STEPS;
                run.logMetric("step/train_loss", 0.5, step);
                run.logMetric("step/train_accuracy", 0.5, step);
                run.logMetric("step/lr", 0.1, step);
                run.logMetric("step/seconds", 0.01, step);
                run.logMetric("step/compressed_loss", 0.6, step);
                run.logMetric("step/realized_sparsity", 0.7, step);
                if (i >= 0) {
                    t[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            run.end(RunStatus.FINISHED);
        }
        return InterleavedTiming.median(t, t.length);
    }

    /** VmRSS of this process now (resident set, including ND4J's off-heap memory), in MB. */
    static long currentRssMegabytes() {
        return procStatusMegabytes("VmRSS:");
    }

    /** VmHWM of this process (peak resident set, including ND4J's off-heap memory), in MB. */
    static long peakRssMegabytes() {
        return procStatusMegabytes("VmHWM:");
    }

    private static long procStatusMegabytes(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}

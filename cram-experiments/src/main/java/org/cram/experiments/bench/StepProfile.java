package org.cram.experiments.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.cram.api.data.Batch;
import org.cram.api.model.Model;
import org.cram.api.optim.Optimizer;
import org.cram.api.platform.CpuBackendVariant;
import org.cram.experiments.train.BatchObjective;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.linalg.profiler.data.StringAggregator;

/**
 * Where a CrAM+ training step spends its time: runs {@code warmup} untimed steps, then {@code steps} steps with
 * ND4J's op profiler on, and prints one table of native time per op name (per step, and as a share of the step's
 * wall time). What no op accounts for is Java work and ops shorter than ND4J's 100 us "long op" threshold. Usage:
 * {@code StepProfile MODEL WARMUP STEPS}, or {@code cram bench --profile MODEL}.
 */
public final class StepProfile {
    private StepProfile() {
    }

    public static void main(String[] args) {
        CpuBackendVariant.selectForThisMachine(); // before anything loads ND4J
        String model = args[0];
        int warmup = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        Model net = StepBenchmark.build(model);
        Batch batch = StepBenchmark.batch(model);
        Optimizer cram = StepBenchmark.cramPlusSpec().create(net.parameters());
        for (int i = 0; i < warmup; i++) {
            cram.step(new BatchObjective(net, batch));
        }
        OpTimes times = new OpTimes();
        OpProfiler.getInstance().setLongAggergator(times);
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            cram.step(new BatchObjective(net, batch));
        }
        double stepMs = (System.nanoTime() - start) / 1e6 / steps;
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        System.out.printf(Locale.ROOT, "CrAM+ step of %s with the op profiler on: %.1f ms (mean of %d steps)%n%n",
                model, stepMs, steps);
        System.out.println("| op | calls/step | ms/step | share of step |");
        System.out.println("|---|---:|---:|---:|");
        double covered = 0;
        for (Map.Entry<String, long[]> e : times.sorted()) {
            double ms = e.getValue()[1] / 1e6 / steps;
            covered += ms;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f%% |%n", e.getKey(),
                    (double) e.getValue()[0] / steps, ms, 100 * ms / stepMs);
        }
        System.out.printf(Locale.ROOT, "| (Java, and ops under 100 us) | | %.1f | %.1f%% |%n", stepMs - covered,
                100 * (stepMs - covered) / stepMs);
    }

    /** Calls and total nanoseconds per op name, from ND4J's profiler. */
    private static final class OpTimes extends StringAggregator {
        private static final java.util.regex.Pattern OP_HASH = java.util.regex.Pattern.compile(" \\(-?\\d+\\)$");
        private final Map<String, long[]> byOp = new HashMap<>();

        @Override
        public void putTime(String key, Op op, long nanos) {
            add(op.opName(), nanos);
        }

        @Override
        public void putTime(String key, CustomOp op, long nanos) {
            add(op.opName(), nanos);
        }

        @Override
        public void putTime(String key, long nanos) {
            add(OP_HASH.matcher(key).replaceAll(""), nanos); // "CustomOp conv2d_bp (-836...)" -> "CustomOp conv2d_bp"
        }

        private synchronized void add(String name, long nanos) {
            long[] v = byOp.computeIfAbsent(name, k -> new long[2]);
            v[0]++;
            v[1] += nanos;
        }

        synchronized java.util.List<Map.Entry<String, long[]>> sorted() {
            return byOp.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                    .toList();
        }
    }
}

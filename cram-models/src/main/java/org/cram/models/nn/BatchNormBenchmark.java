package org.cram.models.nn;

import java.util.Arrays;
import java.util.Locale;
import org.cram.api.platform.CpuBackendVariant;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the float32 batch norm kernels of {@link FloatBatchNorm} against the libnd4j ops they replace, side by side
 * on ResNet-20's three batch-norm shapes at batch 128, and prints one table of median times, their ratio and the
 * largest difference of the results. Not a test: {@code cram bench} runs it (after the global Top-K), or by hand
 * {@code java -cp ... org.cram.models.nn.BatchNormBenchmark [repetitions]}.
 */
public final class BatchNormBenchmark {
    private static final long[][] SHAPES = {{128, 16, 32, 32}, {128, 32, 16, 16}, {128, 64, 8, 8}};
    private static final int WARMUP = 10;

    private BatchNormBenchmark() {
    }

    public static void main(String[] args) {
        CpuBackendVariant.selectForThisMachine(); // before anything loads ND4J
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        System.out.printf(Locale.ROOT, "Batch norm kernels, float32 NCHW, median of %d runs after %d warm-up runs%n%n",
                reps, WARMUP);
        System.out.println("| shape | operation | libnd4j (ms) | Java loops (ms) | libnd4j / Java | max abs diff |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (long[] shape : SHAPES) {
            run(shape, reps);
        }
    }

    private static void run(long[] shape, int reps) {
        int c = (int) shape[1];
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(3).addi(1);
        INDArray dy = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
        INDArray beta = Nd4j.rand(DataType.FLOAT, c);
        INDArray mean = x.mean(0, 2, 3);
        INDArray var = x.var(false, 0, 2, 3);
        float[] m = new float[c];
        float[] v = new float[c];
        double nativeStats = medianMillis(() -> {
            x.mean(0, 2, 3);
            x.var(false, 0, 2, 3);
        }, reps);
        double javaStats = medianMillis(() -> FloatBatchNorm.statistics(x, m, v), reps);
        double statsDiff = Math.max(maxAbsDiff(mean, Nd4j.createFromArray(m)), maxAbsDiff(var, Nd4j.createFromArray(v)));
        row(shape, "statistics (mean, variance)", nativeStats, javaStats, statsDiff);

        float[] mf = mean.toFloatVector();
        float[] vf = var.toFloatVector();
        float[] gf = gamma.toFloatVector();
        float[] bf = beta.toFloatVector();
        INDArray outNative = Nd4j.create(DataType.FLOAT, shape);
        INDArray outJava = Nd4j.create(DataType.FLOAT, shape);
        double nativeForward = medianMillis(() -> Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, mean, var, gamma, beta).addOutputs(outNative).addIntegerArguments(1, 1, 1)
                .addFloatingPointArguments(BatchNorm2d.EPSILON).build()), reps);
        double javaForward = medianMillis(() -> FloatBatchNorm.normalize(x, mf, vf, gf, bf, BatchNorm2d.EPSILON,
                outJava), reps);
        row(shape, "normalize", nativeForward, javaForward, maxAbsDiff(outNative, outJava));

        INDArray dxNative = Nd4j.create(DataType.FLOAT, shape);
        INDArray dxJava = Nd4j.create(DataType.FLOAT, shape);
        INDArray[] perChannel = new INDArray[4];
        for (int i = 0; i < perChannel.length; i++) {
            perChannel[i] = Nd4j.create(DataType.FLOAT, c);
        }
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        double nativeBackward = medianMillis(() -> Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(x, mean, var, gamma, beta, dy)
                .addOutputs(dxNative, perChannel[0], perChannel[1], perChannel[2], perChannel[3])
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(BatchNorm2d.EPSILON).build()), reps);
        double javaBackward = medianMillis(() -> FloatBatchNorm.backward(x, dy, mf, vf, gf, BatchNorm2d.EPSILON,
                dxJava, dGamma, dBeta), reps);
        row(shape, "backward (dx, dgamma, dbeta)", nativeBackward, javaBackward, maxAbsDiff(dxNative, dxJava));
    }

    private static void row(long[] shape, String op, double nativeMs, double javaMs, double diff) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.1f | %.1e |%n",
                Arrays.toString(shape).replace(", ", "x").replace("[", "").replace("]", ""), op, nativeMs, javaMs,
                nativeMs / javaMs, diff);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    private static double medianMillis(Runnable r, int reps) {
        for (int i = 0; i < WARMUP; i++) {
            r.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }
}

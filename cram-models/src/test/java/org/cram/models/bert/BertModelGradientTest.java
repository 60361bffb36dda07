package org.cram.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.api.param.TensorSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny whole BERT (2 layers, hidden 8, 2 heads, vocabulary 30, sequences of 5 with padding, batch 2) with each
 * head: gradients equal finite differences in double, and many consecutive gradient calls with evaluation calls
 * interleaved equal those of a freshly built model bit for bit (what CrAM's two gradient calls per step need).
 */
class BertModelGradientTest {
    static final BertConfig TINY = new BertConfig(30, 8, 2, 2, 16, 16, 2, 1e-12, 0.5);

    static Model build(String head, long seed) {
        BertInit init = BertInit.normal(seed, 0.5);
        return switch (head) {
            case "cls-pooler" -> new BertForSequenceClassification("tiny-cls", TINY, 3, Pooling.CLS_POOLER,
                    PruningScope.ENCODER_LINEAR, DataType.DOUBLE, init);
            case "mean" -> new BertForSequenceClassification("tiny-mean", TINY, 3, Pooling.MEAN,
                    PruningScope.ENCODER_LINEAR, DataType.DOUBLE, init);
            case "qa" -> new BertForQuestionAnswering("tiny-qa", TINY, PruningScope.ENCODER_LINEAR, DataType.DOUBLE,
                    init);
            default -> throw new IllegalArgumentException(head);
        };
    }

    /** Token ids with repeats, two segments, and padding at the end of the second row. */
    static Batch batch(SplittableRandom random, String head) {
        int n = 2;
        int seq = 5;
        int[][] ids = new int[n][seq];
        int[][] types = new int[n][seq];
        int[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 0}};
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < seq; t++) {
                ids[r][t] = mask[r][t] == 1 ? 1 + random.nextInt(29) : 0;
                types[r][t] = t >= 3 && mask[r][t] == 1 ? 1 : 0;
            }
        }
        Map<String, INDArray> inputs = Map.of(Batch.ATTENTION_MASK, Nd4j.createFromArray(mask),
                Batch.TOKEN_TYPE_IDS, Nd4j.createFromArray(types));
        INDArray features = Nd4j.createFromArray(ids);
        if (head.equals("qa")) {
            int[] starts = {random.nextInt(3), random.nextInt(3)};
            int[] ends = {starts[0] + random.nextInt(2), starts[1] + 1};
            return new Batch(features, starts, inputs, Map.of(Batch.END_POSITIONS, ends));
        }
        return new Batch(features, new int[] {random.nextInt(3), random.nextInt(3)}, inputs, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cls-pooler", "mean", "qa"})
    void gradientsEqualFiniteDifferencesInDouble(String head) {
        SplittableRandom random = new SplittableRandom(21);
        Model model = build(head, 3);
        Batch batch = batch(random, head);
        TensorSet grads = TensorSet.zerosLike(model.parameters());
        model.lossAndGradients(batch, grads, ForwardMode.TRAIN);
        StringBuilder report = new StringBuilder();
        checkFiniteDifferences(model, batch, grads, 0, random, report);
        assertThat(report.toString()).as("finite-difference mismatches").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cls-pooler", "qa"})
    void repeatedGradientCallsWithInterleavedEvaluationMatchAFreshModelBitForBit(String head) {
        SplittableRandom random = new SplittableRandom(22);
        Model longLived = build(head, 4);
        TensorSet grads = TensorSet.zerosLike(longLived.parameters());
        for (int step = 0; step < 12; step++) {
            Batch batch = batch(random, head);
            perturb(longLived, random, 0.05);
            // evaluation between gradient calls, as a trainer does between epochs and CrAM between passes
            longLived.output(batch(random, head), ForwardMode.EVAL);
            Model fresh = build(head, 99);
            TensorSet.wrap(longLived.parameters().asList().stream().map(Parameter::value).toArray(INDArray[]::new))
                    .copyTo(fresh.parameters());
            ForwardMode mode = step % 2 == 0 ? ForwardMode.TRAIN : ForwardMode.TRAIN_FROZEN_STATS;
            Model.LossResult got = longLived.lossAndGradients(batch, grads, mode);
            TensorSet expected = TensorSet.zerosLike(fresh.parameters());
            Model.LossResult want = fresh.lossAndGradients(batch, expected, mode);
            assertThat(got.loss()).as("loss at step %d", step).isEqualTo(want.loss());
            assertThat(got.correct()).isEqualTo(want.correct());
            for (int p = 0; p < grads.size(); p++) {
                assertAllClose(grads.get(p), expected.get(p), 0, 0);
            }
            if (step == 11) {
                StringBuilder report = new StringBuilder();
                checkFiniteDifferences(longLived, batch, grads, 0, random, report);
                assertThat(report.toString()).as("step %d finite differences", step).isEmpty();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void floatTrainingPathIsBitReproducibleAcrossCalls() {
        BertConfig config = new BertConfig(200, 64, 2, 4, 128, 64, 2, 1e-12, 0.02);
        Model model = new BertForSequenceClassification("small", config, 3, Pooling.CLS_POOLER,
                PruningScope.ENCODER_LINEAR, DataType.FLOAT, BertInit.normal(5, 0.02));
        SplittableRandom random = new SplittableRandom(23);
        Batch batch = floatBatch(random, 8, 48, 200);
        TensorSet first = TensorSet.zerosLike(model.parameters());
        TensorSet again = TensorSet.zerosLike(model.parameters());
        Model.LossResult a = model.lossAndGradients(batch, first, ForwardMode.TRAIN);
        for (int i = 0; i < 3; i++) {
            model.output(floatBatch(random, 4, 20, 200), ForwardMode.EVAL);
            model.lossAndGradients(floatBatch(random, 8, 48, 200), again, ForwardMode.TRAIN);
        }
        Model.LossResult b = model.lossAndGradients(batch, again, ForwardMode.TRAIN);
        assertThat(b.loss()).isEqualTo(a.loss());
        for (int p = 0; p < first.size(); p++) {
            assertAllClose(again.get(p), first.get(p), 0, 0);
        }
    }

    private static Batch floatBatch(SplittableRandom random, int n, int seq, int vocab) {
        int[][] ids = new int[n][seq];
        int[][] mask = new int[n][seq];
        for (int r = 0; r < n; r++) {
            int len = 2 + random.nextInt(seq - 1);
            for (int t = 0; t < len; t++) {
                ids[r][t] = 1 + random.nextInt(vocab - 1);
                mask[r][t] = 1;
            }
        }
        int[] labels = random.ints(n, 0, 3).toArray();
        return new Batch(Nd4j.createFromArray(ids), labels, Map.of(Batch.ATTENTION_MASK, Nd4j.createFromArray(mask)),
                Map.of());
    }

    /**
     * For every parameter tensor, the central difference of the loss along a random direction {@code v} of the whole
     * tensor against the analytic {@code <grad, v>} (two forwards per tensor, yet every entry takes part); then
     * {@code samples} single random entries per tensor.
     */
    static void checkFiniteDifferences(Model model, Batch batch, TensorSet analytic, int samples,
                                       SplittableRandom random, StringBuilder report) {
        Supplier<Double> loss = () -> model.lossAndGradients(batch, TensorSet.zerosLike(model.parameters()),
                ForwardMode.TRAIN_FROZEN_STATS).loss();
        double eps = 1e-6;
        for (int p = 0; p < model.parameters().size(); p++) {
            String name = model.parameters().get(p).name();
            INDArray value = model.parameters().get(p).value();
            INDArray saved = value.dup();
            INDArray direction = FiniteDifferences.random(random, 1.0, value.shape());
            value.addi(direction.mul(eps));
            double plus = loss.get();
            value.assign(saved).subi(direction.mul(eps));
            double minus = loss.get();
            value.assign(saved);
            compare(name + " along a random direction", analytic.get(p).mul(direction).sumNumber().doubleValue(),
                    (plus - minus) / (2 * eps), report);
            INDArray flat = value.reshape(value.length());
            INDArray grad = analytic.get(p).reshape(value.length());
            for (int s = 0; s < samples; s++) {
                long i = random.nextLong(value.length());
                double original = flat.getDouble(i);
                flat.putScalar(i, original + eps);
                plus = loss.get();
                flat.putScalar(i, original - eps);
                minus = loss.get();
                flat.putScalar(i, original);
                compare(name + "[" + i + "]", grad.getDouble(i), (plus - minus) / (2 * eps), report);
            }
        }
    }

    private static void compare(String what, double analytic, double numeric, StringBuilder report) {
        if (!(Math.abs(analytic - numeric) <= 1e-8 + 1e-5 * Math.abs(numeric))) {
            report.append(what).append(": analytic ").append(analytic).append(" numeric ").append(numeric)
                    .append('\n');
        }
    }

    static void perturb(Model model, SplittableRandom random, double scale) {
        for (Parameter p : model.parameters()) {
            p.value().addi(FiniteDifferences.random(random, scale, p.value().shape()).castTo(p.value().dataType()));
        }
    }
}

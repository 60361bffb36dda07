package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.cram.experiments.train.TestMetric;
import org.cram.models.text.Encoding;
import org.cram.models.text.Truncation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Span decoding (only context spans, start before end, at most the max answer length) and the SQuAD test metric:
 * logits that point at every question's labelled answer tokens score F1 and exact match 1 after the span is cut out
 * of the context through the token offsets.
 */
class SquadEvaluationTest {
    private static final MiniLmAssets ASSETS = new MiniLmAssets();

    private static Encoding encode(String question, String context) {
        return ASSETS.tokenizer().encode(question, context, 64, Truncation.ONLY_SECOND, false);
    }

    private static int contextToken(Encoding e, String word) {
        for (int i = 0; i < e.length(); i++) {
            if (e.sequenceId(i) == 1 && e.token(i).equals(word)) {
                return i;
            }
        }
        throw new AssertionError("no context token '" + word + "' in " + Arrays.toString(e.tokens()));
    }

    @Test
    void theBestSpanIsInsideTheContextOrderedAndShortEnough() {
        String context = "alpha beta gamma delta epsilon";
        Encoding e = encode("where is beta?", context);
        int beta = contextToken(e, "beta");
        int gamma = contextToken(e, "gamma");
        int delta = contextToken(e, "delta");
        double[] start = new double[e.length()];
        double[] end = new double[e.length()];
        start[0] = 100;            // [CLS] is not in the context
        end[2] = 100;              // a question token neither
        start[delta] = 5;
        end[beta] = 9;             // before the best start: not a valid pair with it
        start[beta] = 4;
        end[gamma] = 3;
        SpanDecoder decoder = new SpanDecoder(30);
        // valid pairs: (beta, beta) 13, (beta, gamma) 7, (delta, delta) 5 ... -> (beta, beta)
        assertThat(decoder.bestSpan(start, end, e)).containsExactly(beta, beta);
        assertThat(decoder.answer(start, end, e, context)).isEqualTo("beta");
        end[beta] = 0;
        end[delta] = 4;
        // (delta, delta) = 5 + 4 = 9 beats (beta, delta) = 8 and (beta, gamma) = 7
        assertThat(decoder.answer(start, end, e, context)).isEqualTo("delta");
        start[delta] = 0;
        // now (beta, delta) = 8, three tokens; with at most two tokens (beta, gamma) = 7 wins
        assertThat(decoder.answer(start, end, e, context)).isEqualTo("beta gamma delta");
        assertThat(new SpanDecoder(2).answer(start, end, e, context)).isEqualTo("beta gamma");
        assertThatThrownBy(() -> new SpanDecoder(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void logitsAtTheLabelledTokensScoreFullMarksAndShiftedOnesLess(@TempDir Path dir) throws Exception {
        List<SquadExample> examples = SquadReader.read(SquadFixtures.write(dir.resolve("dev.json"), 3, 5, "q"));
        SquadFeatures features = new SquadFeatures(new TextBatchEncoder(ASSETS.tokenizer(), 64,
                Truncation.ONLY_SECOND, false));
        SquadDataset data = new SquadDataset("squad/dev", examples, features, 64);
        assertThat(data.size()).isEqualTo(9);

        TestMetric.Score exact = new SquadEvaluation(30).evaluate(new PointingModel(0), data, 4);
        assertThat(exact.value()).isEqualTo(1.0);
        assertThat(exact.details()).containsEntry(SquadEvaluation.EXACT_MATCH, 1.0);
        assertThat(exact.classification()).isEmpty();
        assertThat(exact.loss()).isFinite().isPositive();

        // one token too far to the right: "paris in", "1901 and" (best of "1901" and "in 1901"), "a doctor for":
        // one extra token on a one-token answer after normalization, F1 2 * (1/2 * 1) / (3/2) = 2/3, never exact
        TestMetric.Score shifted = new SquadEvaluation(30).evaluate(new PointingModel(1), data, 4);
        assertThat(shifted.details().get(SquadEvaluation.EXACT_MATCH)).isEqualTo(0.0);
        assertThat(shifted.value()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(new SquadEvaluation(30).name()).isEqualTo("f1");
    }

    @Test
    void aTestSetThatIsNotSquadIsAnError() {
        SquadDataset none = new SquadDataset("x", List.of(), new SquadFeatures(new TextBatchEncoder(
                ASSETS.tokenizer(), 8, Truncation.ONLY_SECOND, false)), 8);
        org.cram.api.data.Dataset other = new org.cram.experiments.data.SubsetDataset(none, new int[0], "other");
        assertThatThrownBy(() -> new SquadEvaluation(30).evaluate(new PointingModel(0), other, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    }

    /** Start logits peak at the labelled start token, end logits at the labelled end token plus {@code shift}. */
    private record PointingModel(int shift) implements Model {
        @Override
        public String name() {
            return "pointing";
        }

        @Override
        public ParameterSet parameters() {
            throw new UnsupportedOperationException();
        }

        @Override
        public INDArray output(INDArray features, ForwardMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public INDArray output(Batch batch, ForwardMode mode) {
            int n = batch.size();
            int seq = (int) batch.features().size(1);
            int[] starts = batch.labels();
            int[] ends = batch.labels(Batch.END_POSITIONS);
            float[][][] z = new float[n][2][seq];
            for (int i = 0; i < n; i++) {
                z[i][0][starts[i]] = 10;
                z[i][1][ends[i] + shift] = 10;
            }
            return Nd4j.createFromArray(z);
        }

        @Override
        public LossResult lossAndGradients(Batch batch, TensorSet gradients, ForwardMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasBatchNorm() {
            return false;
        }

        @Override
        public void resetBatchNormStatistics() {
        }

        @Override
        public java.util.List<INDArray> batchNormStatistics() {
            return List.of();
        }
    }
}

package org.cram.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The span loss is (CE(start) + CE(end)) / 2 averaged over the batch, as BertForQuestionAnswering. */
class SpanCrossEntropyTest {

    @Test
    void lossGradientAndExactMatchCount() {
        // [n=2, seq=3, 2]: start logits in [..., 0], end logits in [..., 1]
        INDArray logits = Nd4j.createFromArray(new double[][][] {
            {{2, 0}, {0, 1}, {0, 3}},
            {{0, 0}, {1, 0}, {0, 0}}});
        SpanCrossEntropy.Result r = SpanCrossEntropy.compute(logits, new int[] {0, 1}, new int[] {2, 0});
        double ceStart0 = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
        double ceEnd0 = -Math.log(Math.exp(3) / (1 + Math.exp(1) + Math.exp(3)));
        double ceStart1 = -Math.log(Math.exp(1) / (Math.exp(1) + 2));
        double ceEnd1 = -Math.log(1.0 / 3);
        double expected = ((ceStart0 + ceStart1) / 2 + (ceEnd0 + ceEnd1) / 2) / 2;
        assertThat(r.loss()).isCloseTo(expected, Offset.offset(1e-12));
        // row 0: argmax start 0 and end 2 both right; row 1: end argmax is 0 (ties go to the first) and right too
        assertThat(r.correct()).isEqualTo(2);
        // gradient: (softmax - onehot) / n / 2
        double p = Math.exp(2) / (Math.exp(2) + 2);
        assertThat(r.gradLogits().getDouble(0, 0, 0)).isCloseTo((p - 1) / 4, Offset.offset(1e-12));
        assertThat(r.gradLogits().shape()).containsExactly(2, 3, 2);

        SpanCrossEntropy.Result wrong = SpanCrossEntropy.compute(logits, new int[] {0, 1}, new int[] {1, 0});
        assertThat(wrong.correct()).isEqualTo(1);
    }

    @Test
    void positionsOutsideTheSequenceAreRejected() {
        INDArray logits = Nd4j.zeros(1, 3, 2);
        assertThatThrownBy(() -> SpanCrossEntropy.compute(logits, new int[] {3}, new int[] {0}))
                .hasMessageContaining("start position 3 at row 0 outside [0, 3)");
    }
}

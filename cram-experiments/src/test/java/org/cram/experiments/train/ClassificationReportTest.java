package org.cram.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

    @Test
    void countsMatchAHandComputedConfusionMatrix() {
        // truth:     a a a b b c
        // predicted: a b a b c c   -> a: tp 2 fn 1 fp 0; b: tp 1 fn 1 fp 1; c: tp 1 fn 0 fp 1
        ClassificationReport r = ClassificationReport.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 1, 0, 1, 2, 2},
                List.of("a", "b", "c, the third"));
        assertThat(r.accuracy()).isCloseTo(4.0 / 6, Offset.offset(1e-15));
        assertThat(r.precision(0)).isEqualTo(1.0);
        assertThat(r.recall(0)).isCloseTo(2.0 / 3, Offset.offset(1e-15));
        assertThat(r.precision(1)).isEqualTo(0.5);
        assertThat(r.recall(1)).isEqualTo(0.5);
        assertThat(r.f1(2)).isCloseTo(2 * 0.5 * 1 / 1.5, Offset.offset(1e-15));
        assertThat(r.macroF1()).isCloseTo((0.8 + 0.5 + 2.0 / 3) / 3, Offset.offset(1e-15));
        assertThat(r.count(0, 1)).isEqualTo(1);
        assertThat(r.count(1, 2)).isEqualTo(1);
        assertThat(r.count(2, 0)).isZero();
        assertThat(r.confusionCsv()).isEqualTo("""
                true\\predicted,a,b,"c, the third"
                a,2,1,0
                b,0,1,1
                "c, the third",0,0,1
                """);
        assertThat(r.metrics("test_")).containsKeys("test_accuracy", "test_macro_f1", "test_f1/c_ the third");
    }

    @Test
    void rejectsMismatchedOrOutOfRangeLabels() {
        assertThatThrownBy(() -> ClassificationReport.of(new int[] {0}, new int[] {0, 1}, List.of("a", "b")))
                .hasMessageContaining("1 and 2");
        assertThatThrownBy(() -> ClassificationReport.of(new int[] {3}, new int[] {0}, List.of("a", "b")))
                .hasMessageContaining("class id 3");
    }
}

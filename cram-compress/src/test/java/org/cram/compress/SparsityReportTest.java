package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class SparsityReportTest {

    private static ParameterSet params() {
        return new ParameterSet(List.of(
                Parameter.linearWeight("w1", Weights.floats(new double[] {0, 1, 0, -0.0, 2, 3}, 2, 3)),  // 3 zeros
                Parameter.of("b1", ParameterRole.BIAS, false, Weights.floats(new double[] {0, 5}, 2)),  // 1 zero
                Parameter.linearWeight("w2", Weights.array(DataType.DOUBLE, new double[] {1, 0, 0, 0}, 2, 2)), // 3
                Parameter.of("g", ParameterRole.NORMALIZATION, false, Weights.floats(new double[] {1, 1}, 2))));
    }

    @Test
    void countsZerosPerLayerOverPrunableWeightsAndOverAllParameters() {
        SparsityReport r = SparsityReport.of(params());
        assertThat(r.layers()).extracting(SparsityReport.Layer::zeros).containsExactly(3L, 1L, 3L, 0L);
        assertThat(r.layer("w1").sparsity()).isCloseTo(0.5, within(1e-15));
        assertThat(r.prunableNumel()).isEqualTo(10);
        assertThat(r.prunableZeros()).isEqualTo(6);
        assertThat(r.prunableSparsity()).isCloseTo(0.6, within(1e-15));
        // the reference's test_sparsity: zeros over every parameter, biases and norms included
        assertThat(r.totalNumel()).isEqualTo(14);
        assertThat(r.overallSparsity()).isCloseTo(7.0 / 14.0, within(1e-15));
        assertThat(r.toTable()).contains("w1").contains("prunable").contains("0.6000").contains("0.5000");
    }

    @Test
    void aMaskCountsItsZerosForTheParametersItCovers() {
        ParameterSet p = params();
        Mask mask = new Mask(Map.of(0, Weights.floats(new double[] {0, 0, 0, 0, 0, 1}, 2, 3)));
        SparsityReport r = SparsityReport.of(p, mask);
        assertThat(r.layer("w1").zeros()).isEqualTo(5);
        assertThat(r.layer("w2").zeros()).isEqualTo(3);
        assertThat(r.prunableZeros()).isEqualTo(8);
    }

    @Test
    void emptySetReportsZero() {
        SparsityReport r = SparsityReport.of(new ParameterSet(List.of()));
        assertThat(r.prunableSparsity()).isZero();
        assertThat(r.overallSparsity()).isZero();
    }
}

package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class MaskFromWeightsTest {

    @Test
    void marksNonZeroPrunableWeightsAndSkipsTheRest() {
        ParameterSet p = new ParameterSet(List.of(
                Parameter.linearWeight("w", Weights.floats(new double[] {0, 1.5, -0.0, -2}, 2, 2)),
                Parameter.of("b", ParameterRole.BIAS, false, Weights.floats(new double[] {0, 1}, 2))));
        Mask m = MaskFromWeights.of(p);
        assertThat(m.entries()).containsOnlyKeys(0);
        assertThat(Weights.values(m.entries().get(0))).containsExactly(0, 1, 0, 1);
        assertThat(m.entries().get(0).dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void reappliedAfterAnUpdateItRestoresThePrunedPattern() {
        SplittableRandom r = new SplittableRandom(91);
        ParameterSet p = new ParameterSet(List.of(
                Parameter.linearWeight("w", Weights.floats(Weights.uniform(r, 60), 6, 10))));
        Mask pruning = new GlobalMagnitudePruning().compress(p, CompressionTarget.sparsity(0.7));
        Mask fromWeights = MaskFromWeights.of(p);
        assertThat(Weights.values(fromWeights.entries().get(0))).containsExactly(
                Weights.values(pruning.entries().get(0)));
        p.get(0).value().addi(0.5); // a dense optimizer step
        fromWeights.applyTo(p);
        assertThat(Weights.nonZeros(p, 0)).isEqualTo(60 - pruning.zeroCount());
    }
}

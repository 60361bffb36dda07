package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link NOfMPruning} against a plain transcription of the reference's permute/reshape/argsort
 * ({@link ReferenceNmOracle}), over several input-channel counts, N:M patterns and group lengths.
 */
class NOfMReferenceGroupingTest {

    private static Parameter conv(String name, SplittableRandom r, int kh, int kw, int in, int out) {
        return Parameter.convWeight(name, Weights.floats(Weights.uniform(r, kh * kw * in * out), kh, kw, in, out));
    }

    @ParameterizedTest(name = "{0}:{1} on conv [3, 3, {2}, 8]")
    @CsvSource({"2,4,3", "2,4,4", "2,4,6", "4,8,3", "1,4,5", "3,4,12"})
    void matchesTheReferencePermuteAndReshapeIncludingStraddlingGroups(int n, int m, int in) {
        SplittableRandom r = new SplittableRandom(31 + in);
        // in = 3 with M = 4: groups straddle kernel positions, as ResNet-50's conv1 (I = 3)
        ParameterSet params = new ParameterSet(List.of(conv("conv1.weight", r, 3, 3, in, 8),
                Parameter.linearWeight("fc.weight", Weights.floats(Weights.uniform(r, 10 * 16), 10, 16))));
        double[] expectedConv = ReferenceNmOracle.referenceMask(params.get(0), n, m);
        double[] expectedFc = ReferenceNmOracle.referenceMask(params.get(1), n, m);
        double[] convBefore = Weights.values(params.get(0));

        Mask mask = new NOfMPruning().compress(params, new CompressionTarget.NOfM(n, m));

        assertThat(Weights.values(mask.entries().get(0))).containsExactly(expectedConv);
        assertThat(Weights.values(mask.entries().get(1))).containsExactly(expectedFc);
        double[] after = Weights.values(params.get(0));
        for (int i = 0; i < after.length; i++) {
            assertThat(after[i] + 0.0).isEqualTo(expectedConv[i] == 1.0 ? convBefore[i] : 0.0);
        }
    }

    @Test
    void everyReferenceGroupKeepsExactlyN() {
        SplittableRandom r = new SplittableRandom(32);
        ParameterSet params = new ParameterSet(List.of(conv("c", r, 7, 7, 3, 16)));
        new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4));
        double[] groups = ReferenceNmOracle.toReferenceOrder(params.get(0));
        for (int g = 0; g < groups.length; g += 4) {
            assertThat(Weights.count(Arrays.copyOfRange(groups, g, g + 4), v -> v != 0.0)).isEqualTo(2);
        }
    }

    @Test
    void linearGroupsRunAlongTheInputAxis() {
        // rows of 8 = two groups of 4 each; the two largest |w| of each group survive
        double[] w = {1, -5, 3, 2, /* */ 0.5, 0.1, -0.7, 0.2,
                      -9, 8, 7, 6, /* */ 0.01, 0.04, 0.03, -0.02};
        ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("fc", Weights.floats(w, 2, 8))));
        new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4));
        assertThat(Weights.numeric(params.get(0))).containsExactly(
                0, -5, 3, 0, 0.5f, 0, -0.7f, 0,
                -9, 8, 0, 0, 0, 0.04f, 0.03f, 0);
    }

    @Test
    void tiesAreBrokenByStableAscendingOrder() {
        // all magnitudes equal: a stable ascending argsort puts positions 0, 1 first, so they are the ones zeroed
        double[] w = {0.5, -0.5, 0.5, -0.5, 0.2, 0.2, 0.3, 0.3};
        ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("fc", Weights.floats(w, 1, 8))));
        new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4));
        assertThat(Weights.numeric(params.get(0))).containsExactly(0, 0, 0.5, -0.5, 0, 0, 0.3f, 0.3f);
    }

    @Test
    void stableArgsortOfLongGroupsMatchesAStableSort() {
        SplittableRandom r = new SplittableRandom(33);
        int m = 100;
        double[] w = new double[m * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(7) * 0.125 * (r.nextBoolean() ? 1 : -1);
        }
        ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("fc",
                Weights.array(org.nd4j.linalg.api.buffer.DataType.DOUBLE, w, 3, m))));
        double[] expected = ReferenceNmOracle.referenceMask(params.get(0), 37, m);
        Mask mask = new NOfMPruning().compress(params, new CompressionTarget.NOfM(37, m));
        assertThat(Weights.values(mask.entries().get(0))).containsExactly(expected);
    }

    @Test
    void numelNotAMultipleOfMIsAnErrorNamingTheLayerAndItsShape() {
        SplittableRandom r = new SplittableRandom(34);
        ParameterSet params = new ParameterSet(List.of(conv("ok.weight", r, 3, 3, 4, 8),
                Parameter.linearWeight("head.weight", Weights.floats(Weights.uniform(r, 10 * 3), 10, 3))));
        double[] before = Weights.values(params.get(0));
        assertThatThrownBy(() -> new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("head.weight").hasMessageContaining("[10, 3]")
                .hasMessageContaining("30").hasMessageContaining("M=4");
        assertThat(Weights.values(params.get(0))).as("no layer changes when one fails").containsExactly(before);
    }

    @Test
    void prunableTensorWithoutInputAxisIsAnError() {
        ParameterSet params = new ParameterSet(List.of(Parameter.of("emb", ParameterRole.EMBEDDING, true,
                Weights.floats(new double[8], 2, 4))));
        assertThatThrownBy(() -> new NOfMPruning().compress(params, new CompressionTarget.NOfM(2, 4)))
                .hasMessageContaining("emb").hasMessageContaining("no input/output axes");
    }

    @Test
    void onlyNofMTargetsAreSupported() {
        assertThat(new NOfMPruning().supports(CompressionTarget.sparsity(0.5))).isFalse();
        assertThatThrownBy(() -> new NOfMPruning().compress(new ParameterSet(List.of()),
                CompressionTarget.sparsity(0.5))).hasMessageContaining("N:M");
    }

    @Test
    void everyGroupKeepsExactlyNForEachPatternOnAConvAndALinearLayer() {
        SplittableRandom r = new SplittableRandom(35);
        for (int[] nm : new int[][] {{2, 4}, {4, 8}, {1, 2}, {0, 4}, {3, 4}}) {
            ParameterSet params = new ParameterSet(List.of(conv("c", r, 3, 3, 4, 8),
                    Parameter.linearWeight("fc", Weights.floats(Weights.uniform(r, 10 * 32), 10, 32))));
            new NOfMPruning().compress(params, new CompressionTarget.NOfM(nm[0], nm[1]));
            for (Parameter p : params) {
                double[] groups = ReferenceNmOracle.toReferenceOrder(p);
                for (int g = 0; g < groups.length; g += nm[1]) {
                    assertThat(Weights.count(Arrays.copyOfRange(groups, g, g + nm[1]), v -> v != 0.0))
                            .as("%s group %d for %d:%d", p.name(), g / nm[1], nm[0], nm[1]).isEqualTo(nm[0]);
                }
            }
        }
    }

}

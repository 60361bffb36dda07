package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

class ErkMagnitudeTest {

    /** A: conv [3,3,2,4] (72, dims sum 12); B: conv [3,3,4,8] (288, sum 18); C: linear [10,32] (320, sum 42). */
    private static ParameterSet threeLayers() {
        SplittableRandom r = new SplittableRandom(41);
        return new ParameterSet(List.of(
                Parameter.convWeight("a", Weights.floats(Weights.uniform(r, 72), 3, 3, 2, 4)),
                Parameter.of("a.bias", ParameterRole.BIAS, false, Weights.floats(Weights.uniform(r, 4), 4)),
                Parameter.convWeight("b", Weights.floats(Weights.uniform(r, 288), 3, 3, 4, 8)),
                Parameter.linearWeight("c", Weights.floats(Weights.uniform(r, 320), 10, 32))));
    }

    private static LayerwiseMagnitudePruning erk() {
        return (LayerwiseMagnitudePruning) new ErkMagnitudeProvider().create(CompressorOptions.empty());
    }

    @Test
    void densitiesProportionalToSumOverProductOfDims() {
        // hand computation at 50%: keep 340 of 680; raw densities 12/72, 18/288, 42/320;
        // sum of raw * numel = 12 + 18 + 42 = 72, so eps = 340 / 72 and density = eps * raw
        Map<Integer, Double> s = erk().layerSparsities(threeLayers(), 0.5);
        double eps = 340.0 / 72.0;
        assertThat(s).containsOnlyKeys(0, 2, 3);
        assertThat(s.get(0)).isCloseTo(1 - eps * 12.0 / 72.0, within(1e-12));
        assertThat(s.get(2)).isCloseTo(1 - eps * 18.0 / 288.0, within(1e-12));
        assertThat(s.get(3)).isCloseTo(1 - eps * 42.0 / 320.0, within(1e-12));
    }

    @Test
    void layersThatWouldExceedDensityOneStayDenseAndTheRestIsRescaled() {
        // at 20%: keep 544 of 680. eps = 544/72 gives A density 1.26 > 1 -> A dense; then
        // eps = (608 * 0.8 - 72 * 0.2) / 60 gives C density 1.03 > 1 -> C dense; B keeps 544 - 72 - 320 = 152
        Map<Integer, Double> s = erk().layerSparsities(threeLayers(), 0.2);
        assertThat(s.get(0)).isZero();
        assertThat(s.get(3)).isZero();
        assertThat(s.get(2)).isCloseTo(1 - 152.0 / 288.0, within(1e-12));
    }

    @Test
    void prunedNetworkMeetsTheOverallTargetAndEachLayerItsSparsity() {
        for (double target : new double[] {0.2, 0.5, 0.8, 0.95}) {
            ParameterSet params = threeLayers();
            Map<Integer, Double> s = erk().layerSparsities(params, target);
            erk().compress(params, CompressionTarget.sparsity(target));
            long zeros = 0;
            for (int i : params.prunableIndices()) {
                long n = params.get(i).numel();
                long z = n - Weights.nonZeros(params, i);
                assertThat((double) z / n).as("layer %d at %s", i, target)
                        .isBetween(s.get(i) - 1e-12, s.get(i) + 1.0 / n + 1e-12);
                zeros += z;
            }
            assertThat((double) zeros / 680).isBetween(target - 1e-12, target + 3.0 / 680);
            assertThat(Weights.values(params.get("a.bias"))).doesNotContain(0.0);
        }
    }

    @Test
    void zeroTargetKeepsEverything() {
        assertThat(erk().layerSparsities(threeLayers(), 0.0).values()).containsOnly(0.0);
    }
}

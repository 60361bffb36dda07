package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

class RandomPruningTest {

    private static ParameterSet params() {
        SplittableRandom r = new SplittableRandom(81);
        return new ParameterSet(List.of(
                Parameter.linearWeight("a", Weights.floats(Weights.uniform(r, 300), 10, 30)),
                Parameter.convWeight("b", Weights.floats(Weights.uniform(r, 288), 3, 3, 4, 8))));
    }

    private static Compressor random(Map<String, ?> options) {
        return new RandomPruningProvider().create(CompressorOptions.of(options));
    }

    private static double[] pattern(ParameterSet p) {
        double[] a = Weights.values(p.get(0));
        double[] b = Weights.values(p.get(1));
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void sameSeedSamePositionsDifferentSeedsDifferentPositions() {
        ParameterSet a = params();
        ParameterSet b = params();
        ParameterSet c = params();
        random(Map.of("seed", 5)).compress(a, CompressionTarget.sparsity(0.5));
        random(Map.of("seed", 5)).compress(b, CompressionTarget.sparsity(0.5));
        random(Map.of("seed", 6)).compress(c, CompressionTarget.sparsity(0.5));
        assertThat(pattern(a)).containsExactly(pattern(b));
        assertThat(pattern(a)).isNotEqualTo(pattern(c));
    }

    @Test
    void keepsExactlyTheRuleCountAndLeavesKeptValuesUnchanged() {
        double[] before = pattern(params());
        for (double p : new double[] {0.1, 0.5, 0.7, 0.9}) {
            ParameterSet ref = params();
            ParameterSet exact = params();
            random(Map.of("seed", 1)).compress(ref, CompressionTarget.sparsity(p));
            random(Map.of("seed", 1, "exact_count", true)).compress(exact, CompressionTarget.sparsity(p));
            double[] r = pattern(ref);
            double[] e = pattern(exact);
            assertThat(Weights.count(r, v -> v != 0)).isEqualTo((long) Math.ceil(588 * (1 - p)) - 1);
            assertThat(Weights.count(e, v -> v != 0)).isEqualTo(588 - (long) Math.ceil(588 * p - 1e-9));
            for (int i = 0; i < before.length; i++) {
                assertThat(r[i]).isIn(0.0, before[i]);
                assertThat(e[i]).isIn(0.0, before[i]);
            }
        }
    }

    @Test
    void keptPositionsAreSpreadOverAllLayers() {
        ParameterSet p = params();
        random(Map.of("seed", 2)).compress(p, CompressionTarget.sparsity(0.5));
        // each layer keeps roughly half: far from all-or-nothing
        assertThat(Weights.nonZeros(p, 0)).isBetween(100L, 200L);
        assertThat(Weights.nonZeros(p, 1)).isBetween(96L, 192L);
    }

    @Test
    void seedMustBeAnInteger() {
        assertThatThrownBy(() -> random(Map.of("seed", "abc")))
                .hasMessageContaining("'seed'").hasMessageContaining("'abc'").hasMessageContaining("integer");
        assertThat(((RandomPruning) random(Map.of())).seed()).isZero();
    }
}

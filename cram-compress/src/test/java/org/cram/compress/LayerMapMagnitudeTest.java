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
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

class LayerMapMagnitudeTest {

    private static ParameterSet params() {
        SplittableRandom r = new SplittableRandom(51);
        return new ParameterSet(List.of(
                Parameter.linearWeight("l1.weight", Weights.floats(Weights.uniform(r, 200), 10, 20)),
                Parameter.of("l1.bias", ParameterRole.BIAS, false, Weights.floats(Weights.uniform(r, 10), 10)),
                Parameter.linearWeight("l2.weight", Weights.floats(Weights.uniform(r, 100), 10, 10)),
                Parameter.linearWeight("l3.weight", Weights.floats(Weights.uniform(r, 50), 5, 10))));
    }

    private static Compressor map(Map<String, ?> options) {
        return new LayerMapMagnitudeProvider().create(CompressorOptions.of(options));
    }

    @Test
    void honoursEveryListedSparsityExactly() {
        ParameterSet p = params();
        map(Map.of("sparsities", Map.of("l1.weight", 0.9, "l2.weight", 0.25, "l3.weight", 0.0),
                "exact_count", true)).compress(p, CompressionTarget.sparsity(0.5));
        assertThat(Weights.nonZeros(p, 0)).isEqualTo(200 - 180);
        assertThat(Weights.nonZeros(p, 2)).isEqualTo(100 - 25);
        assertThat(Weights.nonZeros(p, 3)).isEqualTo(50);
    }

    @Test
    void unlistedLayersTakeTheDefaultNumberOrTheTarget() {
        ParameterSet fixed = params();
        map(Map.of("sparsities", Map.of("l1.weight", 0.9), "default", 0.2, "exact_count", true))
                .compress(fixed, CompressionTarget.sparsity(0.5));
        assertThat(Weights.nonZeros(fixed, 2)).isEqualTo(80);
        assertThat(Weights.nonZeros(fixed, 3)).isEqualTo(40);

        ParameterSet target = params();
        map(Map.of("sparsities", Map.of("l1.weight", 0.9), "default", "target", "exact_count", true))
                .compress(target, CompressionTarget.sparsity(0.5));
        assertThat(Weights.nonZeros(target, 0)).isEqualTo(20);
        assertThat(Weights.nonZeros(target, 2)).isEqualTo(50);
        assertThat(Weights.nonZeros(target, 3)).isEqualTo(25);
    }

    @Test
    void withoutADefaultMissingLayersAreAnErrorNamingThem() {
        assertThatThrownBy(() -> map(Map.of("sparsities", Map.of("l1.weight", 0.9)))
                .compress(params(), CompressionTarget.sparsity(0.5)))
                .hasMessageContaining("no entry").hasMessageContaining("[l2.weight, l3.weight]")
                .hasMessageContaining("'default'");
    }

    @Test
    void namesThatAreNotPrunableParametersAreAnError() {
        assertThatThrownBy(() -> map(Map.of("sparsities", Map.of("l9.weight", 0.5, "l1.bias", 0.5),
                "default", "target")).compress(params(), CompressionTarget.sparsity(0.5)))
                .hasMessageContaining("[l1.bias, l9.weight]").hasMessageContaining("not prunable")
                .hasMessageContaining("l3.weight");
    }

    @Test
    void badOptionValuesAreRejectedNamingOptionValueAndRange() {
        assertThatThrownBy(() -> map(Map.of())).hasMessageContaining("'sparsities' is required");
        assertThatThrownBy(() -> map(Map.of("sparsities", Map.of("l1.weight", 1.0))))
                .hasMessageContaining("sparsities.l1.weight").hasMessageContaining("got 1.0")
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> map(Map.of("sparsities", List.of(0.5))))
                .hasMessageContaining("'sparsities'").hasMessageContaining("a map");
        assertThatThrownBy(() -> map(Map.of("sparsities", Map.of(), "default", "all")))
                .hasMessageContaining("'default'").hasMessageContaining("'all'").hasMessageContaining("'target'");
    }
}

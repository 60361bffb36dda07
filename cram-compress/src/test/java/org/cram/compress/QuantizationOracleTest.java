package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link WeightQuantization} (provider {@code quantize}) against plain-double oracles: the nearest symmetric level
 * found by scanning all levels, and a transcription of the reference's {@code weight_quant}.
 */
class QuantizationOracleTest {

    private static Compressor quantizer(Map<String, ?> options) {
        return new QuantizationProvider().create(CompressorOptions.of(options));
    }

    private static ParameterSet linear(DataType type, double[] w, int rows, int cols) {
        return new ParameterSet(List.of(Parameter.linearWeight("fc.weight", Weights.array(type, w, rows, cols))));
    }

    private static double[] row(double[] w, int cols, int r) {
        return Arrays.copyOfRange(w, r * cols, (r + 1) * cols);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {8, 4, 2})
    void fixedRuleRoundsToTheNearestSymmetricLevelPerChannel(int bits) {
        SplittableRandom r = new SplittableRandom(61);
        int rows = 6;
        int cols = 40;
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            int channel = i / cols;
            w[i] = channel == 5 ? 0.0 : r.nextGaussian() * Math.pow(10, channel - 3); // last row all zero
        }
        ParameterSet params = linear(DataType.DOUBLE, w, rows, cols);
        quantizer(Map.of()).compress(params, new CompressionTarget.Bits(bits));
        double[] q = Weights.values(params.get(0));
        for (int c = 0; c < rows; c++) {
            double[] before = row(w, cols, c);
            double[] after = row(q, cols, c);
            double wmax = Arrays.stream(before).map(Math::abs).max().orElse(0);
            double step = wmax / ((1 << (bits - 1)) - 1);
            Set<Double> levels = new HashSet<>();
            for (int j = 0; j < cols; j++) {
                assertThat(after[j]).as("channel %d [%d]", c, j)
                        .isCloseTo(QuantOracle.nearestSymmetricLevel(before[j], wmax, bits), within(1e-9 * wmax));
                assertThat(Math.abs(after[j] - before[j])).isLessThanOrEqualTo(step / 2 * (1 + 1e-9));
                levels.add(after[j]);
            }
            assertThat(levels.size()).isLessThanOrEqualTo(1 << bits);
            assertThat(Arrays.stream(after).map(Math::abs).max().orElse(0)).as("max magnitude kept")
                    .isCloseTo(wmax, within(1e-15 * wmax));
        }
        assertThat(row(q, cols, 5)).as("all-zero channel stays zero, no NaN").containsOnly(0.0);
    }

    @Test
    void referenceRuleMatchesTheTranscriptionIncludingItsQuirk() {
        SplittableRandom r = new SplittableRandom(62);
        int cols = 64;
        double[] w = new double[3 * cols];
        for (int j = 0; j < cols; j++) {
            w[j] = r.nextGaussian();                    // mixed signs
            w[cols + j] = Math.abs(r.nextGaussian());   // no negative value: the quirk
            w[2 * cols + j] = 0;                        // all zero
        }
        for (int bits : new int[] {8, 4, 2}) {
            ParameterSet params = linear(DataType.DOUBLE, w, 3, cols);
            quantizer(Map.of("reference_clipping", true)).compress(params, new CompressionTarget.Bits(bits));
            double[] q = Weights.values(params.get(0));
            for (int c = 0; c < 3; c++) {
                double[] expected = QuantOracle.referenceWeightQuant(row(w, cols, c), bits);
                double[] actual = row(q, cols, c);
                for (int j = 0; j < cols; j++) {
                    assertThat(actual[j]).as("%d bits, row %d [%d]", bits, c, j).isCloseTo(expected[j], within(1e-12));
                }
            }
        }
    }

    @Test
    void quirkClipsAPositiveOnlyRowWhichTheFixedRuleDoesNot() {
        double[] w = {0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 0.05, 0.9};
        ParameterSet quirk = linear(DataType.DOUBLE, w, 1, 8);
        ParameterSet fixed = linear(DataType.DOUBLE, w, 1, 8);
        quantizer(Map.of("reference_clipping", true)).compress(quirk, new CompressionTarget.Bits(8));
        quantizer(Map.of()).compress(fixed, new CompressionTarget.Bits(8));
        // reference: scale = 1.0 / 255, q clamped at 127 -> everything above 127/255 = 0.498 is clipped to it
        double clip = 127.0 / 255.0;
        double[] q = Weights.values(quirk.get(0));
        assertThat(q[3]).isCloseTo(clip, within(1e-12));
        assertThat(q[5]).isCloseTo(clip, within(1e-12));
        assertThat(q[7]).isCloseTo(clip, within(1e-12));
        assertThat(Arrays.stream(q).max().orElseThrow()).isLessThan(0.5);
        // fixed: symmetric scale 1.0 / 127, nothing clipped, every error within half a step
        double[] f = Weights.values(fixed.get(0));
        assertThat(f[5]).isEqualTo(1.0);
        for (int j = 0; j < w.length; j++) {
            assertThat(Math.abs(f[j] - w[j])).isLessThanOrEqualTo(0.5 / 127 + 1e-12);
        }
    }

    @Test
    void referenceRuleIsNotIdempotentSinceItsRangeShrinks() {
        double[] w = {0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 0.05, 0.9};
        ParameterSet p = linear(DataType.DOUBLE, w, 1, 8);
        Compressor c = quantizer(Map.of("reference_clipping", true));
        c.compress(p, new CompressionTarget.Bits(8));
        double[] once = Weights.values(p.get(0));
        c.compress(p, new CompressionTarget.Bits(8));
        assertThat(Weights.values(p.get(0))).isNotEqualTo(once);
        assertThat(Arrays.stream(Weights.values(p.get(0))).max().orElseThrow()).isLessThan(0.26); // clipped again
    }

    @Test
    void perTensorSharesOneStepWhilePerChannelScalesEachOutputChannel() {
        // conv [1, 1, 4, 2]: output channel 0 holds small values, channel 1 large ones (channel = last axis)
        double[] w = {0.011, 3.0, -0.023, -7.0, 0.0049, 1.1, 0.017, 5.4};
        for (boolean perChannel : new boolean[] {true, false}) {
            ParameterSet params = new ParameterSet(List.of(Parameter.convWeight("conv",
                    Weights.array(DataType.DOUBLE, w, 1, 1, 4, 2))));
            quantizer(Map.of("per_channel", perChannel)).compress(params, new CompressionTarget.Bits(4));
            double[] q = Weights.values(params.get(0));
            for (int j = 0; j < w.length; j++) {
                double wmax = !perChannel ? 7.0 : (j % 2 == 0 ? 0.023 : 7.0);
                assertThat(q[j]).as("per channel %s [%d]", perChannel, j)
                        .isCloseTo(QuantOracle.nearestSymmetricLevel(w[j], wmax, 4), within(1e-12));
            }
            if (!perChannel) {
                // step 7 / 7 = 1: the small channel collapses to zero
                assertThat(new double[] {q[0], q[2], q[4], q[6]}).containsOnly(0.0);
            } else {
                assertThat(q[2]).isEqualTo(-0.023);
            }
        }
    }

    @Test
    void floatWeightsAreQuantizedIdempotentlyAndKeepTheirType() {
        SplittableRandom r = new SplittableRandom(63);
        ParameterSet params = linear(DataType.FLOAT, Weights.uniform(r, 12 * 30), 12, 30);
        Compressor c = quantizer(Map.of());
        for (int bits : new int[] {8, 4, 2, 16}) {
            c.compress(params, new CompressionTarget.Bits(bits));
            double[] once = Weights.values(params.get(0));
            c.compress(params, new CompressionTarget.Bits(bits));
            assertThat(Weights.values(params.get(0))).containsExactly(once);
            assertThat(params.get(0).value().dataType()).isEqualTo(DataType.FLOAT);
        }
    }

    @Test
    void parameterWithoutOutputAxisIsQuantizedPerTensorAndNonPrunableOnesAreSkipped() {
        double[] w = {0.5, -1.0, 0.26, 0.74};
        ParameterSet params = new ParameterSet(List.of(
                Parameter.of("emb", ParameterRole.EMBEDDING, true, Weights.array(DataType.DOUBLE, w, 2, 2)),
                Parameter.of("bias", ParameterRole.BIAS, false, Weights.array(DataType.DOUBLE, w, 4))));
        quantizer(Map.of()).compress(params, new CompressionTarget.Bits(2)); // levels -1, 0, 1
        // 0.5 is a tie and rounds to even (0), as torch.round does
        assertThat(Weights.values(params.get(0))).containsExactly(0.0, -1.0, 0.0, 1.0);
        assertThat(Weights.values(params.get(1))).containsExactly(w);
    }

    @Test
    void onlyBitTargetsAndValidOptions() {
        assertThat(quantizer(Map.of()).supports(CompressionTarget.sparsity(0.5))).isFalse();
        assertThatThrownBy(() -> quantizer(Map.of()).compress(linear(DataType.FLOAT, new double[4], 2, 2),
                CompressionTarget.sparsity(0.5))).hasMessageContaining("bit-width");
        assertThatThrownBy(() -> quantizer(Map.of("per_channel", "per_row")))
                .hasMessageContaining("'per_channel'").hasMessageContaining("per_row")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> quantizer(Map.of("reference_clipping", "yes")))
                .hasMessageContaining("'reference_clipping'").hasMessageContaining("true or false");
    }
}

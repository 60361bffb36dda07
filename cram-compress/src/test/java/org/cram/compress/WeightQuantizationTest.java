package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class WeightQuantizationTest {

    private static ParameterSet rows(double[][] w) {
        return new ParameterSet(List.of(Parameter.linearWeight("fc.weight", Nd4j.createFromArray(w))));
    }

    @Test
    void theReferenceClipsTheUpperHalfOfPositiveOnlyRowsAndTheFixedVersionDoesNot() {
        // 2 bits, row [0.1, 0.5, 1.0]:
        // reference: wmax 1, wmin 0, scale 1/3, round(0.3, 1.5, 3) = (0, 2, 3), clamp to [-2, 1] -> (0, 1, 1)/3
        // fixed:     scale 1/(2^1 - 1) = 1, rint(0.1, 0.5, 1.0) = (0, 0, 1)
        ParameterSet ref = rows(new double[][] {{0.1, 0.5, 1.0}});
        new WeightQuantization(true, true).compress(ref, new CompressionTarget.Bits(2));
        assertThat(ref.get(0).value().toDoubleVector()).containsExactly(0, 1.0 / 3, 1.0 / 3);
        ParameterSet fixed = rows(new double[][] {{0.1, 0.5, 1.0}});
        new WeightQuantization(true, false).compress(fixed, new CompressionTarget.Bits(2));
        assertThat(fixed.get(0).value().toDoubleVector()).containsExactly(0, 0, 1.0);
    }

    @Test
    void theReferenceMatchesItsFormulaOnARowWithNegativesAndGivesAnAllZeroRowUnitRange() {
        // 4 bits, row [-1, 0.25, 0.6]: wmax 1, wmin -1, scale 2/15, q = rint(-7.5, 1.875, 4.5) = (-8, 2, 4)
        ParameterSet ref = rows(new double[][] {{-1, 0.25, 0.6}, {0, 0, 0}});
        new WeightQuantization(true, true).compress(ref, new CompressionTarget.Bits(4));
        assertThat(ref.get(0).value().getRow(0).toDoubleVector())
                .containsExactly(-8 * 2.0 / 15, 2 * 2.0 / 15, 4 * 2.0 / 15);
        assertThat(ref.get(0).value().getRow(1).toDoubleVector()).containsExactly(0, 0, 0);
    }

    @Test
    void perChannelLevelsAndErrorsStayWithinTheFixedVersionsBounds() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] w = new double[6][40];
        for (double[] row : w) {
            double spread = 0.01 + r.nextDouble();
            for (int j = 0; j < row.length; j++) {
                row[j] = (r.nextDouble() * 2 - 1) * spread;
            }
        }
        for (int bits : new int[] {2, 4, 8}) {
            ParameterSet p = rows(w);
            new WeightQuantization(true, false).compress(p, new CompressionTarget.Bits(bits));
            double[][] q = p.get(0).value().toDoubleMatrix();
            for (int i = 0; i < w.length; i++) {
                double max = 0;
                for (double x : w[i]) {
                    max = Math.max(max, Math.abs(x));
                }
                double scale = max / (Math.pow(2, bits - 1) - 1);
                TreeSet<Double> levels = new TreeSet<>();
                for (int j = 0; j < w[i].length; j++) {
                    levels.add(q[i][j]);
                    assertThat(Math.abs(q[i][j] - w[i][j])).isLessThanOrEqualTo(scale / 2 + 1e-12);
                    assertThat(q[i][j] / scale).isCloseTo(Math.rint(q[i][j] / scale), Offset.offset(1e-9));
                }
                assertThat(levels.size()).isLessThanOrEqualTo((1 << bits) - 1);
            }
        }
    }

    @Test
    void perTensorUsesOneScaleForTheWholeTensor() {
        ParameterSet p = rows(new double[][] {{1.0, 0.5}, {0.1, 0.26}});
        new QuantizationProvider().create(CompressorOptions.of(Map.of("per_channel", false)))
                .compress(p, new CompressionTarget.Bits(3)); // scale 1/3 for all
        assertThat(p.get(0).value().toDoubleMatrix()).isDeepEqualTo(new double[][] {{1.0, 2.0 / 3}, {0, 1.0 / 3}});
    }
}

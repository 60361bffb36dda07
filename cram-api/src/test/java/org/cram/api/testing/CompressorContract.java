package org.cram.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract every compressor, built-in or plug-in, must pass. Extend it with a JUnit class that names the
 * provider and the targets to check:
 *
 * <pre>{@code
 * class MyCompressorContractTest extends CompressorContract {
 *     protected CompressorProvider provider() { return new MyProvider(); }
 *     protected List<CompressionTarget> targets() { return List.of(CompressionTarget.sparsity(0.7)); }
 * }
 * }</pre>
 */
public abstract class CompressorContract {

    /** The provider under test. */
    protected abstract CompressorProvider provider();

    /** Targets to check (each must be supported). */
    protected abstract List<CompressionTarget> targets();

    /** Options for {@link CompressorProvider#create}; empty by default. */
    protected CompressorOptions options() {
        return CompressorOptions.empty();
    }

    /** Whether the compressor zeroes weights (pruners) rather than changing their values (quantizers). */
    protected boolean zeroesWeights() {
        return true;
    }

    /**
     * Checks that the target is met. The default, for sparsity targets: the fraction of zeroed prunable weights is
     * at least the target and at most one percentage point above it.
     */
    protected void assertTargetMet(ParameterSet compressed, Mask mask, CompressionTarget target) {
        if (target instanceof CompressionTarget.Sparsity s) {
            double realized = zeroFraction(compressed);
            assertThat(realized).as("realized sparsity for %s", target.label())
                    .isBetween(s.fraction() - 1e-12, s.fraction() + 0.01);
        }
    }

    /** A fixture with prunable rank-2 and rank-4 weights and non-prunable bias and norm parameters. */
    protected ParameterSet fixture(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Parameter> ps = new ArrayList<>();
        ps.add(Parameter.convWeight("conv.weight", random(r, 3, 3, 4, 8)));
        ps.add(Parameter.of("bn.weight", ParameterRole.NORMALIZATION, false, random(r, 8)));
        ps.add(Parameter.linearWeight("fc.weight", random(r, 10, 32)));
        ps.add(Parameter.of("fc.bias", ParameterRole.BIAS, false, random(r, 10)));
        return new ParameterSet(ps);
    }

    private static INDArray random(SplittableRandom r, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }

    /** Fraction of zeros over the prunable parameters. */
    protected static double zeroFraction(ParameterSet params) {
        long zeros = 0;
        long total = 0;
        for (Parameter p : params) {
            if (p.isPrunable()) {
                for (double v : p.value().data().asDouble()) {
                    zeros += v == 0.0 ? 1 : 0;
                }
                total += p.numel();
            }
        }
        return (double) zeros / total;
    }

    private static List<double[]> snapshot(ParameterSet params) {
        List<double[]> out = new ArrayList<>();
        params.forEach(p -> out.add(p.value().dup().data().asDouble()));
        return out;
    }

    @Test
    void meetsEveryTarget() {
        Compressor c = provider().create(options());
        for (CompressionTarget t : targets()) {
            assertThat(c.supports(t)).as("supports %s", t.label()).isTrue();
            ParameterSet params = fixture(1);
            Mask mask = c.compress(params, t);
            assertTargetMet(params, mask, t);
        }
    }

    @Test
    void maskAgreesWithCompressedValues() {
        Compressor c = provider().create(options());
        for (CompressionTarget t : targets()) {
            ParameterSet params = fixture(2);
            List<double[]> before = snapshot(params);
            Mask mask = c.compress(params, t);
            mask.entries().forEach((index, m) -> {
                assertThat(params.get(index).isPrunable()).as("mask covers only prunable parameters").isTrue();
                double[] mv = m.data().asDouble();
                double[] after = params.get(index).value().data().asDouble();
                for (int i = 0; i < mv.length; i++) {
                    assertThat(mv[i]).as("mask entries are 0 or 1").isIn(0.0, 1.0);
                    if (mv[i] == 0.0) {
                        assertThat(after[i]).as("%s[%d] masked out but not zero", params.get(index).name(), i)
                                .isZero();
                    } else if (zeroesWeights()) {
                        assertThat(after[i]).as("%s[%d] kept but changed", params.get(index).name(), i)
                                .isEqualTo(before.get(index)[i]);
                    }
                }
            });
        }
    }

    @Test
    void isIdempotent() {
        Compressor c = provider().create(options());
        for (CompressionTarget t : targets()) {
            ParameterSet params = fixture(3);
            c.compress(params, t);
            List<double[]> once = snapshot(params);
            c.compress(params, t);
            List<double[]> twice = snapshot(params);
            for (int i = 0; i < once.size(); i++) {
                assertThat(twice.get(i)).as("%s after a second compression with %s", params.get(i).name(),
                        t.label()).containsExactly(once.get(i));
            }
        }
    }

    @Test
    void leavesNonPrunableParametersUntouched() {
        Compressor c = provider().create(options());
        for (CompressionTarget t : targets()) {
            ParameterSet params = fixture(4);
            List<double[]> before = snapshot(params);
            c.compress(params, t);
            for (int i = 0; i < params.size(); i++) {
                if (!params.get(i).isPrunable()) {
                    assertThat(params.get(i).value().data().asDouble()).as(params.get(i).name())
                            .containsExactly(before.get(i));
                }
            }
        }
    }

    @Test
    void isDeterministic() {
        for (CompressionTarget t : targets()) {
            ParameterSet a = fixture(5);
            ParameterSet b = fixture(5);
            provider().create(options()).compress(a, t);
            provider().create(options()).compress(b, t);
            List<double[]> sa = snapshot(a);
            List<double[]> sb = snapshot(b);
            for (int i = 0; i < sa.size(); i++) {
                assertThat(sa.get(i)).containsExactly(sb.get(i));
            }
        }
    }

    @Test
    void aRecycledMaskChangesNothingButWhereTheMaskLives() {
        Compressor c = provider().create(options());
        for (CompressionTarget t : targets()) {
            ParameterSet fresh = fixture(6);
            Mask expected = c.compress(fresh, t);
            Mask recycled = c.compress(fixture(7), t); // other weights: its arrays hold another mask
            ParameterSet reused = fixture(6);
            Mask actual = c.compress(reused, t, recycled);
            List<double[]> sf = snapshot(fresh);
            List<double[]> sr = snapshot(reused);
            for (int i = 0; i < sf.size(); i++) {
                assertThat(sr.get(i)).as("%s compressed with a recycled mask", fresh.get(i).name())
                        .containsExactly(sf.get(i));
            }
            assertThat(actual.entries().keySet()).isEqualTo(expected.entries().keySet());
            expected.entries().forEach((index, m) -> assertThat(actual.entries().get(index).data().asDouble())
                    .as("mask of %s", fresh.get(index).name()).containsExactly(m.data().asDouble()));
        }
    }
}

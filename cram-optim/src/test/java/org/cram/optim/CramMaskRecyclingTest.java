package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.optim.Optimizer;
import org.cram.api.param.ParameterSet;
import org.cram.compress.GlobalMagnitudePruning;
import org.junit.jupiter.api.Test;

/** The CrAM step hands each step's mask back to the compressor at the next step, unless the mask is stored. */
class CramMaskRecyclingTest {
    private static final int N = 12;

    /** Global magnitude pruning that records what each call returned and was handed back. */
    private static final class Recording implements Compressor {
        private final GlobalMagnitudePruning inner = new GlobalMagnitudePruning();
        final List<Mask> returned = new ArrayList<>();
        final List<Mask> handedBack = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public boolean supports(CompressionTarget target) {
            return inner.supports(target);
        }

        @Override
        public Mask compress(ParameterSet parameters, CompressionTarget target) {
            return compress(parameters, target, null);
        }

        @Override
        public Mask compress(ParameterSet parameters, CompressionTarget target, Mask recycled) {
            handedBack.add(recycled);
            Mask m = inner.compress(parameters, target, recycled);
            returned.add(m);
            return m;
        }
    }

    private static Recording run(int maskRefreshPeriod, int steps) {
        SplittableRandom r = new SplittableRandom(3);
        double[] w = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = r.nextDouble() * 2 - 1;
        }
        QuadraticObjective f = new QuadraticObjective(CramClosedFormTest.randomSpd(r, N), w, new long[] {3, 4},
                new double[0]);
        Recording compressor = new Recording();
        Optimizer opt = new CramSpec(SgdSpec.of(0.05, 0.9, 0), 0.1, List.of(CompressionTarget.sparsity(0.5)), true,
                false, Ascent.PLAIN, compressor, maskRefreshPeriod, 5).create(f.params);
        for (int s = 0; s < steps; s++) {
            opt.step(f);
        }
        return compressor;
    }

    @Test
    void eachFreshMaskIsHandedBackAtTheNextStep() {
        Recording c = run(1, 4);
        assertThat(c.handedBack).hasSize(4);
        assertThat(c.handedBack.get(0)).isNull();
        for (int s = 1; s < 4; s++) {
            assertThat(c.handedBack.get(s)).as("step %d", s).isSameAs(c.returned.get(s - 1));
        }
    }

    @Test
    void aStoredPeriodicMaskIsNeverHandedBack() {
        Recording c = run(2, 6); // fresh masks at steps 0, 2, 4, each kept for the next step
        assertThat(c.handedBack).hasSize(3).containsOnlyNulls();
    }
}

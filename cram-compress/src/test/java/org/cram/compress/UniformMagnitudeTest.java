package org.cram.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.junit.jupiter.api.Test;

class UniformMagnitudeTest {

    private static Compressor uniform(Map<String, ?> options) {
        return new UniformMagnitudeProvider().create(CompressorOptions.of(options));
    }

    /** A small "network": first conv, a middle conv, an embedding-like prunable table, the last linear layer. */
    private static List<Parameter> network(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Parameter> ps = new ArrayList<>();
        ps.add(Parameter.convWeight("conv1.weight", Weights.floats(Weights.uniform(r, 3 * 3 * 3 * 4), 3, 3, 3, 4)));
        ps.add(Parameter.of("bn1.weight", ParameterRole.NORMALIZATION, false, Weights.floats(Weights.uniform(r, 4), 4)));
        ps.add(Parameter.convWeight("layer1.0.conv1.weight",
                Weights.floats(Weights.uniform(r, 3 * 3 * 4 * 4), 3, 3, 4, 4)));
        ps.add(Parameter.of("emb.weight", ParameterRole.EMBEDDING, true, Weights.floats(Weights.uniform(r, 50), 10, 5)));
        ps.add(Parameter.linearWeight("fc.weight", Weights.floats(Weights.uniform(r, 10 * 4), 10, 4)));
        ps.add(Parameter.of("fc.bias", ParameterRole.BIAS, false, Weights.floats(Weights.uniform(r, 10), 10)));
        return ps;
    }

    /** Oracle per layer: kk = ceil(n(1-s)), threshold = kk-th largest of a sorted copy, keep |w| > threshold. */
    private static double[] referencePrune(double[] w, double s) {
        if (s == 0) {
            return w.clone();
        }
        double[] sorted = Arrays.stream(w).map(Math::abs).sorted().toArray();
        long kk = (long) Math.ceil(w.length * (1 - s));
        double t = sorted[(int) (w.length - kk)];
        return Arrays.stream(w).map(v -> Math.abs(v) > t ? v : 0).toArray();
    }

    @Test
    void eachLayerIsPrunedOnItsOwnWithTheReferenceRule() {
        ParameterSet params = new ParameterSet(network(1));
        ParameterSet original = new ParameterSet(network(1));
        Mask mask = uniform(Map.of()).compress(params, CompressionTarget.sparsity(0.7));
        for (int i : params.prunableIndices()) {
            assertThat(Weights.values(params.get(i))).as(params.get(i).name())
                    .containsExactly(referencePrune(Weights.values(original.get(i)), 0.7));
            assertThat(mask.covers(i)).isTrue();
        }
    }

    @Test
    void keepCountsPerLayerWithTies() {
        // 10 weights, 4 of them tied at the threshold: the reference rule prunes the whole tie, exact keeps some
        double[] w = {0.9, -0.8, 0.5, -0.5, 0.5, -0.5, 0.1, 0.2, -0.3, 0.05};
        for (boolean exact : new boolean[] {false, true}) {
            ParameterSet params = new ParameterSet(List.of(Parameter.linearWeight("a", Weights.floats(w, 2, 5)),
                    Parameter.linearWeight("b", Weights.floats(w, 5, 2))));
            uniform(Map.of("exact_count", exact)).compress(params, CompressionTarget.sparsity(0.6));
            // kk = ceil(10 * 0.4) = 4 -> 4th largest = 0.5 -> keep |w| > 0.5: 2 weights; exact keeps 10 - 6 = 4,
            // the two ties at 0.5 earliest in position order
            double[] expected = exact ? new double[] {0.9f, -0.8f, 0.5, -0.5, 0, 0, 0, 0, 0, 0}
                    : new double[] {0.9f, -0.8f, 0, 0, 0, 0, 0, 0, 0, 0};
            assertThat(Weights.values(params.get("a"))).containsExactly(expected);
            assertThat(Weights.values(params.get("b"))).containsExactly(expected);
        }
    }

    @Test
    void excludesByExactNameAndGlobNeverByPosition() {
        ParameterSet params = new ParameterSet(network(2));
        ParameterSet original = new ParameterSet(network(2));
        Mask mask = uniform(Map.of("exclude", List.of("conv1.weight", "fc.*")))
                .compress(params, CompressionTarget.sparsity(0.5));
        for (String dense : List.of("conv1.weight", "fc.weight")) {
            assertThat(Weights.values(params.get(dense))).containsExactly(Weights.values(original.get(dense)));
            assertThat(mask.covers(params.indexOf(dense))).isFalse();
        }
        assertThat(mask.covers(params.indexOf("layer1.0.conv1.weight"))).isTrue();
        assertThat(mask.covers(params.indexOf("emb.weight"))).isTrue();
    }

    @Test
    void excludesByRole() {
        ParameterSet params = new ParameterSet(network(3));
        Mask mask = uniform(Map.of("exclude_roles", List.of("embedding")))
                .compress(params, CompressionTarget.sparsity(0.5));
        assertThat(mask.covers(params.indexOf("emb.weight"))).isFalse();
        assertThat(Weights.nonZeros(params, params.indexOf("emb.weight"))).isEqualTo(50);
        assertThat(mask.entries().keySet()).containsExactly(params.indexOf("conv1.weight"),
                params.indexOf("layer1.0.conv1.weight"), params.indexOf("fc.weight"));
    }

    @Test
    void resultDoesNotDependOnParameterOrder() {
        List<Parameter> ordered = network(4);
        List<Parameter> shuffled = new ArrayList<>(network(4));
        Collections.shuffle(shuffled, new Random(5));
        ParameterSet a = new ParameterSet(ordered);
        ParameterSet b = new ParameterSet(shuffled);
        Compressor c = uniform(Map.of("exclude", List.of("conv1.weight", "fc.weight")));
        c.compress(a, CompressionTarget.sparsity(0.6));
        c.compress(b, CompressionTarget.sparsity(0.6));
        for (String name : a.names()) {
            assertThat(Weights.values(b.get(name))).as(name).containsExactly(Weights.values(a.get(name)));
        }
    }

    @Test
    void anExclusionThatMatchesNothingIsAnErrorListingTheParameters() {
        ParameterSet params = new ParameterSet(network(6));
        assertThatThrownBy(() -> uniform(Map.of("exclude", List.of("conv1.weigth", "fc.weight")))
                .compress(params, CompressionTarget.sparsity(0.5)))
                .hasMessageContaining("conv1.weigth").hasMessageContaining("match no parameter")
                .hasMessageContaining("layer1.0.conv1.weight");
    }

    @Test
    void unknownRoleIsRejectedListingTheRoles() {
        assertThatThrownBy(() -> uniform(Map.of("exclude_roles", List.of("conv"))))
                .hasMessageContaining("exclude_roles").hasMessageContaining("'conv'")
                .hasMessageContaining("EMBEDDING");
    }

    @Test
    void globSyntax() {
        assertThat(Glob.of("layer?.*.conv1.weight").matches("layer1.0.conv1.weight")).isTrue();
        assertThat(Glob.of("layer?.*.conv1.weight").matches("layer10.0.conv1.weight")).isFalse();
        assertThat(Glob.of("fc.weight").matches("fcXweight")).as("a dot is literal").isFalse();
        assertThat(Glob.of("*").matches("anything.at.all")).isTrue();
    }
}

package org.cram.api.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimdTest {
    @Test
    void vectorRunsOnlyWithTheModuleAndScalarAlwaysWins() {
        assertThat(Simd.decide("vector", true)).isTrue();
        assertThat(Simd.decide("vector", false)).isFalse();
        assertThat(Simd.decide("scalar", true)).isFalse();
    }

    @Test
    void anUnknownValueIsRejectedNamingItAndTheChoices() {
        assertThatThrownBy(() -> Simd.decide("simd", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cram.kernels=simd").hasMessageContaining("'vector' or 'scalar'");
    }

    @Test
    void testsRunWithTheVectorLoops() {
        assertThat(Simd.modulePresent()).as("surefire adds --add-modules=jdk.incubator.vector").isTrue();
        assertThat(Simd.enabled()).isTrue();
    }
}

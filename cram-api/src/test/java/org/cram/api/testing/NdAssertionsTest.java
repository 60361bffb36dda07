package org.cram.api.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class NdAssertionsTest {

    @Test
    void acceptsValuesWithinToleranceAndRejectsOthersNamingTheWorstIndex() {
        assertThatCode(() -> NdAssertions.assertAllClose(new double[] {1.0, 2.0}, new double[] {1.0 + 1e-9, 2.0},
                1e-6, 0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> NdAssertions.assertAllClose(new double[] {1.0, 2.5}, new double[] {1.0, 2.0},
                1e-6, 1e-6))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("worst at index 1")
                .hasMessageContaining("actual:   [1.0, 2.5]")
                .hasMessageContaining("expected: [1.0, 2.0]");
    }

    @Test
    void nanNeverMatchesANumber() {
        assertThatThrownBy(() -> NdAssertions.assertAllClose(new double[] {Double.NaN}, new double[] {0.0}, 1, 1))
                .isInstanceOf(AssertionFailedError.class);
    }
}

package org.cram.experiments.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedStatisticsTest {

    @Test
    void meanAndSampleStandardDeviationMatchTheClosedForm() {
        // values 0.80, 0.82, 0.87: mean 0.83, squared deviations 9e-4, 1e-4, 16e-4 -> var = 26e-4 / 2
        SeedStatistics s = SeedStatistics.of(List.of(0.80, 0.82, 0.87));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.83, within(1e-12));
        assertThat(s.std()).isCloseTo(Math.sqrt(13e-4), within(1e-12));
        assertThat(s.percent()).isEqualTo("83.00 ± 3.61");
    }

    @Test
    void oneSeedHasNoSpreadAndPrintsTheValueAlone() {
        SeedStatistics s = SeedStatistics.of(List.of(0.8765));
        assertThat(s.std()).isNaN();
        assertThat(s.percent()).isEqualTo("87.65");
    }

    @Test
    void noValuesOrANaNAreRefused() {
        assertThatThrownBy(() -> SeedStatistics.of(List.of())).hasMessageContaining("no values");
        assertThatThrownBy(() -> SeedStatistics.of(List.of(0.5, Double.NaN))).hasMessageContaining("NaN");
    }
}

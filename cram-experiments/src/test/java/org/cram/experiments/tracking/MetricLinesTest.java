package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricLinesTest {

    @Test
    void formatsTimestampValueStepSeparatedBySpaces() {
        assertThat(MetricLines.format(1_700_000_000_000L, 0.5, 3)).isEqualTo("1700000000000 0.5 3\n");
        assertThat(MetricLines.format(1L, 1e-5, 0)).isEqualTo("1 1.0E-5 0\n");
        assertThat(MetricLines.format(1L, -2.0, 7)).isEqualTo("1 -2.0 7\n");
    }

    @Test
    void writesNanAndInfinitiesAsPythonDoes() {
        assertThat(MetricLines.formatValue(Double.NaN)).isEqualTo("nan");
        assertThat(MetricLines.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(MetricLines.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void parsesOwnAndPythonSpellings() {
        assertThat(MetricLines.parseValue("nan")).isNaN();
        assertThat(MetricLines.parseValue("NaN")).isNaN();
        assertThat(MetricLines.parseValue("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(MetricLines.parseValue("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(MetricLines.parseValue("1e-05")).isEqualTo(1e-5);
        assertThat(MetricLines.parse("5 0.25 2")).isEqualTo(new FileStoreReader.MetricPoint(5, 0.25, 2));
        assertThat(MetricLines.parse("5 0.25")).isEqualTo(new FileStoreReader.MetricPoint(5, 0.25, 0));
    }

    @Test
    void rejectsMalformedLines() {
        assertThatThrownBy(() -> MetricLines.parse("5 0.25 2 9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> MetricLines.parse("5,0.25,2")).isInstanceOf(IllegalArgumentException.class);
    }
}

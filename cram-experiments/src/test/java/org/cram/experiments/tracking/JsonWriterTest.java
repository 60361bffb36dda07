package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesWhatTheReaderReadsBack() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", "abc");
        body.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        body.put("timestamp", 1_700_000_000_000L);
        body.put("value", 1.0E-5);
        body.put("list", List.of(true, false));
        body.put("none", null);
        String json = JsonWriter.write(body);

        Map<String, Object> back = Json.parseObject(json).orElseThrow();
        assertThat(back.get("text")).isEqualTo(body.get("text"));
        assertThat(back.get("timestamp")).isEqualTo(new BigDecimal("1700000000000"));
        assertThat(((BigDecimal) back.get("value")).doubleValue()).isEqualTo(1.0E-5);
        assertThat(back.get("list")).isEqualTo(List.of(true, false));
        assertThat(back).containsEntry("none", null);
        assertThat(json).startsWith("{\"run_id\":\"abc\",");
    }

    @Test
    void nonFiniteDoublesAreProto3Strings() {
        assertThat(JsonWriter.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5)))
                .isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\",0.5]");
    }

    @Test
    void otherTypesAreRejected() {
        assertThatThrownBy(() -> JsonWriter.write(Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
}

package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesMlflowAnswers() {
        Map<String, Object> o = Json.parseObject(" {\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Could not"
                + " find \\\"x\\\" \\u00e9\",\"n\":-1.5e3,\"ok\":true,\"none\":null,\"list\":[1,{}]} ").orElseThrow();
        assertThat(o).containsOnlyKeys("error_code", "message", "n", "ok", "none", "list");
        assertThat(o.get("error_code")).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(o.get("message")).isEqualTo("Could not find \"x\" \u00e9");
        assertThat(o.get("n")).isEqualTo(new BigDecimal("-1.5e3"));
        assertThat(o.get("ok")).isEqualTo(true);
        assertThat(o.get("none")).isNull();
        assertThat(o.get("list")).isEqualTo(List.of(new BigDecimal(1), Map.of()));
    }

    @Test
    void objectsOnlyForParseObject() {
        assertThat(Json.parseObject("[1]")).isEmpty();
        assertThat(Json.parseObject("<html>")).isEmpty();
        assertThat(Json.parseObject(null)).isEmpty();
        assertThat(Json.parseObject("{\"a\":\"b\"}").flatMap(o -> Json.string(o, "a"))).contains("b");
    }

    @Test
    void rejectsMalformedJsonNamingTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).hasMessageContaining("offset");
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key 'a'");
        assertThatThrownBy(() -> Json.parse("\"tab\there\"")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Json.parse("01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[".repeat(200))).hasMessageContaining("nested");
    }
}

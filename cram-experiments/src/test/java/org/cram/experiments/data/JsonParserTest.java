package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
    @Test
    void parsesAllValueKinds() throws Exception {
        Object v = JsonParser.parse(" {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"n\": -12.5e2, \"z\": 0,"
                + " \"t\": true, \"f\": false, \"null\": null, \"arr\": [1, [], {}], \"o\": {\"k\": \"v\"}} ");

        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("s", "n", "z", "t", "f", "null", "arr", "o");
        assertThat(m.get("s")).isEqualTo("a\"b\\c/\né\uD83D\uDE00");
        assertThat(m.get("n")).isEqualTo(new BigDecimal("-12.5e2"));
        assertThat(m.get("z")).isEqualTo(BigDecimal.ZERO);
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m.containsKey("null")).isTrue();
        assertThat(m.get("null")).isNull();
        assertThat(m.get("arr")).isEqualTo(Arrays.asList(BigDecimal.ONE, List.of(), Map.of()));
        assertThat(m.get("o")).isEqualTo(Map.of("k", "v"));
        assertThat(JsonParser.parse("\"top\"")).isEqualTo("top");
    }

    @Test
    void rejectsWhatStrictJsonForbids() {
        assertError("{\"a\": 1,}", "expected a string key at column 9");
        assertError("[1, 2,]", "unexpected ']', expected a value at column 7");
        assertError("{\"a\": 01}", "leading zero in number at column 8");
        assertError("{\"a\": 1, \"a\": 2}", "duplicate key \"a\" at column 10");
        assertError("\"tab\there\"", "unescaped control character U+0009 in string at column 5");
        assertError("{\"a\": 1} x", "unexpected 'x' after the JSON value at column 10");
        assertError("{'a': 1}", "expected a string key at column 2");
        assertError("{\"a\": tru}", "invalid literal, expected true at column 7");
        assertError("\"\\x\"", "invalid escape '\\x' at column 3");
        assertError("\"\\ud800x\"", "not followed by a low one");
        assertError("{\"a\": \"open", "unterminated string");
        assertError("", "unexpected end of input");
        assertError("1.", "expected a digit after the decimal point");
        assertError("[".repeat(300), "nesting deeper than 256");
    }

    private static void assertError(String json, String message) {
        assertThatThrownBy(() -> JsonParser.parse(json))
                .isInstanceOf(JsonParser.JsonException.class)
                .hasMessageContaining(message);
    }
}

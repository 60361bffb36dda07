package org.cram.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict JSON parser and path-naming navigation. */
class JsonTest {

    @Test
    void parsesAllValueKinds() {
        Object v = Json.parse("{\"a\": [1, -2.5e1, true, false, null], \"s\": \"x\\u00e9\\n\\\"\\ud83d\\ude42\","
                + " \"big\": 12345678901234567890, \"o\": {}}", "t");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) m.get("a");
        assertThat(a).containsExactly(1L, -25.0, true, false, null);
        assertThat(m.get("s")).isEqualTo("xé\n\"🙂");
        assertThat(m.get("big")).isEqualTo(1.2345678901234567e19);
        assertThat((Map<?, ?>) m.get("o")).isEmpty();
        assertThat(List.copyOf(m.keySet())).containsExactly("a", "s", "big", "o");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": 1,}|line 1, column 9: unexpected '}', expected a string key",
        "[1, 2,]|line 1, column 7: unexpected ']', expected a value",
        "{'a': 1}|line 1, column 2: unexpected ''', expected a string key",
        "[01]|line 1, column 3: leading zero",
        "{\"a\": 1} x|line 1, column 10: unexpected 'x' after the JSON value",
        "{\"a\": 1, \"a\": 2}|duplicate key \"a\"",
        "\"\\x\"|invalid escape",
        "[1.]|expected a digit after the decimal point",
        "// c|unexpected '/'",
        "[tru]|expected a value",
        "|unexpected end of input",
        "[1e999]|line 1, column 2: number 1e999 is out of the double range",
    })
    void rejectsNonStandardJsonWithPosition(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text == null ? "" : text, "f.json")).isInstanceOf(JsonException.class)
                .hasMessageStartingWith("f.json: line").hasMessageContaining(message);
    }

    @Test
    void rejectsControlCharactersDeepNestingAndLineNumbersCount() {
        assertThatThrownBy(() -> Json.parse("[\"a\tb\"]", "f")).hasMessageContaining("unescaped control character");
        assertThatThrownBy(() -> Json.parse("[".repeat(600) + "]".repeat(600), "f"))
                .hasMessageContaining("nesting deeper than 512");
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": [1,\n  2 3]}", "f"))
                .hasMessageContaining("f: line 3, column 5");
    }

    @Test
    void nodesNameTheirPathInErrors() {
        JsonNode root = JsonNode.root(Json.parse("{\"data\": [{\"qas\": [{\"id\": 3}]}]}", "train.json"),
                "train.json");
        JsonNode qa = root.get("data").elements().get(0).get("qas").elements().get(0);
        assertThat(qa.path()).isEqualTo("$.data[0].qas[0]");
        assertThatThrownBy(() -> qa.get("id").asString())
                .hasMessage("train.json: $.data[0].qas[0].id: expected a string, found an integer 3");
        assertThatThrownBy(() -> qa.get("question"))
                .hasMessage("train.json: $.data[0].qas[0]: missing member 'question'");
        assertThatThrownBy(() -> root.get("data").asInt())
                .hasMessage("train.json: $.data: expected an integer, found an array");
        assertThat(qa.find("answers")).isEmpty();
        assertThat(qa.get("id").asInt()).isEqualTo(3);
    }
}

package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MlflowKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"loss", "train/loss", "val acc", "lr-0.1", "a_b.c", "layer.0/weight sparsity", "a..b",
            "x/y/z"})
    void acceptsMlflowKeys(String key) {
        assertThat(MlflowKeys.validate("metric", key)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a:b        | may only contain alphanumerics",
            "a,b        | may only contain alphanumerics",
            "a\\b       | may only contain alphanumerics",
            "/abs       | must be relative",
            "a/../b     | '..' path segment",
            "..         | must not start with '..'",
            "../up      | must not start with '..'",
            "a/..       | '..' path segment",
            "a//b       | empty or '.' path segments",
            "a/./b      | empty or '.' path segments",
            "a/         | empty or '.' path segments",
    })
    void rejectsBadKeysNamingKeyAndRule(String key, String rule) {
        assertThatThrownBy(() -> MlflowKeys.validate("param", key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid param key '" + key + "'")
                .hasMessageContaining(rule);
    }

    @Test
    void rejectsEmptyNullNewlineAndTooLongKeys() {
        assertThatThrownBy(() -> MlflowKeys.validate("tag", "")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> MlflowKeys.validate("tag", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag key must not be null");
        assertThatThrownBy(() -> MlflowKeys.validate("tag", "loss\n")).hasMessageContaining("alphanumerics");
        assertThat(MlflowKeys.validate("metric", "k".repeat(250))).hasSize(250);
        assertThatThrownBy(() -> MlflowKeys.validate("metric", "k".repeat(251)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("251 characters long; at most 250");
    }

    @Test
    void normalisesArtifactPaths() {
        assertThat(MlflowKeys.validateArtifactPath(null)).isEmpty();
        assertThat(MlflowKeys.validateArtifactPath("")).isEmpty();
        assertThat(MlflowKeys.validateArtifactPath(".")).isEmpty();
        assertThat(MlflowKeys.validateArtifactPath("models/./best/")).isEqualTo("models/best");
        assertThat(MlflowKeys.validateArtifactPath("a..b/c")).isEqualTo("a..b/c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../x         | '..' segment",
            "a/../../x    | '..' segment",
            "a/..         | '..' segment",
            "/etc         | must be relative",
            "C:/x         | must be relative",
            "a\\b         | use '/' as separator",
    })
    void rejectsUnsafeArtifactPaths(String path, String rule) {
        assertThatThrownBy(() -> MlflowKeys.validateArtifactPath(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid artifact path '" + path + "'")
                .hasMessageContaining(rule);
    }
}

package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MlflowYamlTest {

    @Test
    void writesSortedKeysAndQuotesLikeMlflow() {
        Map<String, Object> meta = new HashMap<>();
        meta.put("user_id", "alice");
        meta.put("end_time", null);
        meta.put("experiment_id", "123456789012345678");
        meta.put("entry_point_name", "");
        meta.put("source_type", 4);
        meta.put("start_time", 1_700_000_000_000L);
        meta.put("tags", List.of());
        meta.put("artifact_uri", "file:///tmp/mlruns/1/abc/artifacts");

        assertThat(MlflowYaml.write(meta)).isEqualTo("""
                artifact_uri: file:///tmp/mlruns/1/abc/artifacts
                end_time: null
                entry_point_name: ''
                experiment_id: '123456789012345678'
                source_type: 4
                start_time: 1700000000000
                tags: []
                user_id: alice
                """);
    }

    @Test
    void quotesOnlyWhatYamlWouldMisread() {
        assertThat(MlflowYaml.scalar("Default")).isEqualTo("Default");
        assertThat(MlflowYaml.scalar("my sweep/lr-0.1")).isEqualTo("my sweep/lr-0.1");
        assertThat(MlflowYaml.scalar("0")).isEqualTo("'0'");
        assertThat(MlflowYaml.scalar("1e5")).isEqualTo("'1e5'");
        assertThat(MlflowYaml.scalar("true")).isEqualTo("'true'");
        assertThat(MlflowYaml.scalar("null")).isEqualTo("'null'");
        assertThat(MlflowYaml.scalar("key: value")).isEqualTo("'key: value'");
        assertThat(MlflowYaml.scalar("it's #1")).isEqualTo("'it''s #1'");
        assertThat(MlflowYaml.scalar(" padded ")).isEqualTo("' padded '");
        assertThat(MlflowYaml.scalar("two\nlines")).isEqualTo("\"two\\nlines\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Default", "", "0", "007", "true", "~", "a: b", "it's", "\"quoted\"", "tab\there",
            "multi\nline\\path", "ünïcödé", "[list]", "{map}", "- dash", "# hash", "trailing:", "&anchor", "*ref"})
    void roundTripsStrings(String value) {
        Map<String, Object> meta = new HashMap<>();
        meta.put("name", value);
        assertThat(MlflowYaml.parse(MlflowYaml.write(meta))).containsExactly(entry("name", value));
    }

    @Test
    void readsARunMetaWrittenByMlflow() {
        String written = """
                artifact_uri: file:///home/alice/mlruns/0/5e1c8a5b0d2e4f3a9b7c6d5e4f3a2b1c/artifacts
                end_time: 1700000005000
                entry_point_name: ''
                experiment_id: '0'
                lifecycle_stage: active
                run_id: 5e1c8a5b0d2e4f3a9b7c6d5e4f3a2b1c
                run_name: bemused-gull-42
                run_uuid: 5e1c8a5b0d2e4f3a9b7c6d5e4f3a2b1c
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: 1700000000000
                status: 3
                tags: []
                user_id: alice
                """;
        Map<String, String> m = MlflowYaml.parse(written);
        assertThat(m).containsEntry("experiment_id", "0")
                .containsEntry("entry_point_name", "")
                .containsEntry("end_time", "1700000005000")
                .containsEntry("status", "3")
                .containsEntry("run_id", "5e1c8a5b0d2e4f3a9b7c6d5e4f3a2b1c")
                .containsEntry("tags", "[]");
        assertThat(MlflowYaml.parse("end_time: null\n")).containsEntry("end_time", null);
    }

    @Test
    void joinsPyYamlFoldedContinuationLines() {
        Map<String, String> m = MlflowYaml.parse("name: 'a rather long experiment\n  name that PyYAML folded'\nx: 1\n");
        assertThat(m).containsEntry("name", "a rather long experiment name that PyYAML folded").containsEntry("x", "1");
    }
}

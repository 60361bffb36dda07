package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The redaction rule for config text, params and overrides. */
class SecretRedactorTest {
    private static final String M = SecretRedactor.MARKER;

    @Test
    void secretLookingKeysAreWordsNotSubstrings() {
        assertThat(List.of("api_token", "db.password", "clientSecret", "credentials", "apiKey", "API-KEY",
                "aws_access_key", "private_key", "passwd", "Authorization", "x.credentials.user"))
                .allSatisfy(k -> assertThat(SecretRedactor.looksSecret(k)).as(k).isTrue());
        assertThat(List.of("tokenizer", "max_tokens", "keyboard", "seed", "secretary_count", "api", "key_size"))
                .allSatisfy(k -> assertThat(SecretRedactor.looksSecret(k)).as(k).isFalse());
    }

    @Test
    void yamlIsRedactedInPlaceAndStillParses() {
        SecretRedactor r = SecretRedactor.of(List.of("s3cr3t-long-token", "abc"));
        String yaml = """
                # keep this comment; token s3cr3t-long-token
                name: run   # trailing comment
                short: abc
                shorter: abcd
                url: "https://u:s3cr3t-long-token@host"
                auth: {apiKey: k1, user: bob}
                credentials:
                  user: alice
                  pass: [1, 2]
                tokenizer: bert.json
                empty_token:
                list: [abc, x]
                """;
        String out = r.yaml(yaml);
        assertThat(out).contains("# keep this comment; token " + M)
                .contains("name: run   # trailing comment")
                .contains("short: " + M + "\n")
                .contains("shorter: abcd")
                .contains("url: \"https://u:" + M + "@host\"")
                .contains("auth: {apiKey: " + M + ", user: bob}")
                .contains("credentials:\n  " + M + "\n")
                .contains("tokenizer: bert.json")
                .contains("empty_token:\n")
                .contains("list: [" + M + ", x]")
                .doesNotContain("s3cr3t").doesNotContain("alice").doesNotContain("k1");
        Map<String, Object> parsed = new Yaml().load(out);
        assertThat(parsed).containsEntry("short", M).containsEntry("credentials", M).containsEntry("name", "run")
                .containsEntry("empty_token", null);
    }

    @Test
    void unparseableYamlIsNotLogged() {
        String out = SecretRedactor.of(List.of()).yaml("a: [unclosed\npassword: plain-text-pw");
        assertThat(out).startsWith("#").contains("not logged").doesNotContain("plain-text-pw");
    }

    @Test
    void valuesAndOverridesAreRedactedByKeyAndValue() {
        SecretRedactor r = SecretRedactor.of(List.of("tok-1234567890"));
        assertThat(r.value("db.password", "x")).isEqualTo(M);
        assertThat(r.value("note", "tok-1234567890")).isEqualTo(M);
        assertThat(r.value("seed", "7")).isEqualTo("7");
        assertThat(r.override("a.api_key=[1, 2]")).isEqualTo("a.api_key=" + M);
        assertThat(r.override("data.url=http://h/?t=tok-1234567890")).isEqualTo("data.url=http://h/?t=" + M);
        assertThat(r.override("training.epochs=3")).isEqualTo("training.epochs=3");
    }

    @Test
    void knowsTheEnvironmentAndCredentialsFileSecrets(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("creds");
        Files.writeString(file, MlflowCredentials.USERNAME + "=file-user\n" + MlflowCredentials.PASSWORD
                + "=file-password-42\n");
        // an incomplete environment (password without user) still has its value redacted
        SecretRedactor r = SecretRedactor.forInvocation(Map.of(MlflowCredentials.TOKEN, "env-token-abcdef",
                MlflowCredentials.PASSWORD, "env-pw-only"), Optional.of(file));
        String basic = Base64.getEncoder().encodeToString("file-user:file-password-42".getBytes());
        assertThat(r.text("env-token-abcdef")).isEqualTo(M);
        assertThat(r.text("env-pw-only")).isEqualTo(M);
        assertThat(r.text("file-user")).isEqualTo(M);
        assertThat(r.text("see file-password-42 and " + basic)).isEqualTo("see " + M + " and " + M);
        assertThat(r.text("an ordinary value")).isEqualTo("an ordinary value");
    }
}

package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowCredentialsTest {

    @TempDir
    Path tmp;

    @Test
    void readsATokenOrAUserAndPasswordFromTheEnvironment() {
        assertThat(MlflowCredentials.fromEnvironment(Map.of()).isPresent()).isFalse();
        assertThat(MlflowCredentials.fromEnvironment(Map.of(MlflowCredentials.TOKEN, " ")).isPresent()).isFalse();

        MlflowCredentials token = MlflowCredentials.fromEnvironment(Map.of(MlflowCredentials.TOKEN, "t-123"));
        assertThat(token.scheme()).isEqualTo("Bearer");
        assertThat(token.authorizationHeader()).contains("Bearer t-123");

        MlflowCredentials basic = MlflowCredentials.fromEnvironment(Map.of(
                MlflowCredentials.USERNAME, "eve", MlflowCredentials.PASSWORD, "p:w"));
        assertThat(basic.scheme()).isEqualTo("Basic");
        assertThat(basic.authorizationHeader()).contains("Basic "
                + Base64.getEncoder().encodeToString("eve:p:w".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void userAndPasswordWinOverATokenLikeMlflowsPythonClient() {
        MlflowCredentials both = MlflowCredentials.fromEnvironment(Map.of(MlflowCredentials.TOKEN, "t-123",
                MlflowCredentials.USERNAME, "eve", MlflowCredentials.PASSWORD, "pw"));
        assertThat(both.scheme()).isEqualTo("Basic");
    }

    @Test
    void halfOfABasicPairIsAnErrorNamingTheMissingVariable() {
        assertThatThrownBy(() -> MlflowCredentials.fromEnvironment(Map.of(MlflowCredentials.USERNAME, "eve")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MlflowCredentials.PASSWORD + " is not");
        assertThatThrownBy(() -> MlflowCredentials.fromEnvironment(Map.of(MlflowCredentials.PASSWORD, "pw-SECRET")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MlflowCredentials.USERNAME + " is not")
                .hasMessageNotContaining("pw-SECRET");
    }

    @Test
    void readsAKeyValueFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("creds"), "\n# comment\n  " + MlflowCredentials.TOKEN
                + "=tok=with=equals  \n");
        assertThat(MlflowCredentials.fromFile(file).authorizationHeader()).contains("Bearer tok=with=equals");
    }

    @Test
    void malformedFileLinesAreNamedByNumberNotContent() throws IOException {
        Path noEquals = Files.writeString(tmp.resolve("a"), "# c\nmy-SECRET-token\n");
        assertThatThrownBy(() -> MlflowCredentials.fromFile(noEquals))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining(noEquals.toString())
                .hasMessageNotContaining("my-SECRET-token");
        Path typo = Files.writeString(tmp.resolve("b"), "MLFLOW_TRACKING_PASWORD=pw-SECRET\n");
        assertThatThrownBy(() -> MlflowCredentials.fromFile(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'MLFLOW_TRACKING_PASWORD'").hasMessageContaining("line 1")
                .hasMessageNotContaining("pw-SECRET");
        assertThatThrownBy(() -> MlflowCredentials.fromFile(tmp.resolve("missing")))
                .hasMessageContaining("missing");
    }

    @Test
    void neverShowsSecrets() {
        MlflowCredentials basic = MlflowCredentials.basic("frank-user", "pw-SECRET-9");
        assertThat(basic.toString()).isEqualTo("MlflowCredentials[Basic ***]");
        assertThat(MlflowCredentials.bearer("tok-SECRET-1").toString()).isEqualTo("MlflowCredentials[Bearer ***]");
        assertThat(MlflowCredentials.none().toString()).isEqualTo("MlflowCredentials[none]");

        String encoded = basic.authorizationHeader().orElseThrow().substring("Basic ".length());
        assertThat(basic.redact("echo pw-SECRET-9 and " + encoded + " for frank-user"))
                .isEqualTo("echo *** and *** for ***");
        assertThat(MlflowCredentials.none().redact("plain")).isEqualTo("plain");
    }

    @Test
    void rejectsMalformedCredentials() {
        assertThatThrownBy(() -> MlflowCredentials.bearer(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlflowCredentials.basic("a:b", "pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("':'");
    }
}

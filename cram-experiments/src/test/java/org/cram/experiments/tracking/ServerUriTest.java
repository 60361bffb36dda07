package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerUriTest {

    @Test
    void normalisesTheBase() {
        assertThat(ServerUri.parse(" http://127.0.0.1:5000/ ").base()).isEqualTo("http://127.0.0.1:5000");
        assertThat(ServerUri.parse("HTTPS://mlflow.example.invalid/team//").base())
                .isEqualTo("https://mlflow.example.invalid/team");
        assertThat(ServerUri.parse("http://h:1/p").resolve("/api/2.0/x?y=1").toString())
                .isEqualTo("http://h:1/p/api/2.0/x?y=1");
    }

    @Test
    void knowsLoopbackHostsWithoutLookingThemUp() {
        assertThat(ServerUri.parse("http://localhost:5000").isLoopbackHost()).isTrue();
        assertThat(ServerUri.parse("http://127.0.0.1:5000").isLoopbackHost()).isTrue();
        assertThat(ServerUri.parse("http://127.8.9.10").isLoopbackHost()).isTrue();
        assertThat(ServerUri.parse("http://[::1]:5000").isLoopbackHost()).isTrue();
        assertThat(ServerUri.parse("http://10.0.0.1:5000").isLoopbackHost()).isFalse();
        assertThat(ServerUri.parse("http://127.0.0.1.example.invalid").isLoopbackHost()).isFalse();
        assertThat(ServerUri.parse("http://localhost.example.invalid").isLoopbackHost()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAServerRoot() {
        assertThatThrownBy(() -> ServerUri.parse("file:///tmp")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> ServerUri.parse("http://h:5000/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> ServerUri.parse("http:///path")).hasMessageContaining("host");
        assertThatThrownBy(() -> ServerUri.parse("")).hasMessageContaining("blank");
    }

    @Test
    void credentialsInTheUriAreRejectedWithoutShowingThem() {
        assertThatThrownBy(() -> ServerUri.parse("https://u:pw-SECRET@mlflow.example.invalid/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://mlflow.example.invalid/x")
                .hasMessageNotContaining("pw-SECRET");
        assertThatThrownBy(() -> ServerUri.parse("http://u:pw-SECRET@bad_host:5000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw-SECRET");
    }
}

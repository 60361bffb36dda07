package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tracker a URI (argument, then MLFLOW_TRACKING_URI, then ./mlruns) selects, and opening both kinds. */
class TrackerFactoryTest {

    @TempDir
    Path tmp;

    private static TrackingTarget target(String uri, Map<String, String> env) {
        return TrackerFactory.forEnvironment(env).withUri(uri).target();
    }

    @Test
    void defaultIsTheMlrunsFolderInTheWorkingDirectory() {
        assertThat(target(null, Map.of())).isEqualTo(
                new TrackingTarget.FileStore(Path.of("mlruns").toAbsolutePath().normalize()));
        assertThat(target("  ", Map.of(TrackerFactory.TRACKING_URI, " "))).as("blank means not given")
                .isEqualTo(new TrackingTarget.FileStore(Path.of("mlruns").toAbsolutePath().normalize()));
    }

    @Test
    void environmentIsUsedWhenNoArgumentIsGiven() {
        assertThat(target(null, Map.of(TrackerFactory.TRACKING_URI, "http://127.0.0.1:5000/")))
                .isEqualTo(new TrackingTarget.Server("http://127.0.0.1:5000"));
        assertThat(target(null, Map.of(TrackerFactory.TRACKING_URI, "/data/mlruns")))
                .isEqualTo(new TrackingTarget.FileStore(Path.of("/data/mlruns")));
    }

    @Test
    void argumentWinsOverTheEnvironment() {
        Map<String, String> env = Map.of(TrackerFactory.TRACKING_URI, "https://mlflow.example.invalid");
        assertThat(target("/tmp/runs", env)).isEqualTo(new TrackingTarget.FileStore(Path.of("/tmp/runs")));
        assertThat(target("https://other.example.invalid/prefix/", Map.of()))
                .isEqualTo(new TrackingTarget.Server("https://other.example.invalid/prefix"));
    }

    @Test
    void fileUrisAndPathsSelectTheFileStore() {
        assertThat(target("file:///tmp/a%20b/mlruns", Map.of()))
                .isEqualTo(new TrackingTarget.FileStore(Path.of("/tmp/a b/mlruns")));
        assertThat(target("file://localhost/tmp/x", Map.of()))
                .isEqualTo(new TrackingTarget.FileStore(Path.of("/tmp/x")));
        assertThat(target("file:/tmp/y", Map.of())).isEqualTo(new TrackingTarget.FileStore(Path.of("/tmp/y")));
        assertThat(target("file:./runs", Map.of()))
                .isEqualTo(new TrackingTarget.FileStore(Path.of("runs").toAbsolutePath().normalize()));
        assertThat(target("relative/mlruns", Map.of()))
                .isEqualTo(new TrackingTarget.FileStore(Path.of("relative/mlruns").toAbsolutePath()));
    }

    @Test
    void unsupportedUrisAreClearErrors() {
        assertThatThrownBy(() -> target("sqlite:///mlflow.db", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sqlite:'").hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> target(null, Map.of(TrackerFactory.TRACKING_URI, "databricks://profile")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(target("databricks", Map.of())).as("a bare word is a folder name")
                .isInstanceOf(TrackingTarget.FileStore.class);
        assertThatThrownBy(() -> target("file://nas/share/mlruns", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host 'nas'");
        assertThatThrownBy(() -> target("http://", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensAFileStoreTracker() {
        Path store = tmp.resolve("store");
        try (RunTracker tracker = TrackerFactory.forEnvironment(Map.of(TrackerFactory.TRACKING_URI,
                store.toUri().toString())).withDefaultTags(Map.of(MlflowTags.GIT_COMMIT, "abc")).open()) {
            assertThat(tracker).isInstanceOf(FileStoreTracker.class);
            try (TrackedRun run = tracker.startRun("exp", "r", Optional.empty())) {
                run.end(RunStatus.FINISHED);
            }
        }
        assertThat(Files.isDirectory(store.resolve("0"))).isTrue();
    }

    @Test
    void opensARestTrackerWithCredentialsFromTheEnvironment() throws IOException {
        try (FakeMlflowServer fake = FakeMlflowServer.start()) {
            fake.requireAuthorization("Bearer env-token-1234");
            Map<String, String> env = Map.of(TrackerFactory.TRACKING_URI, fake.uri(),
                    MlflowCredentials.TOKEN, "env-token-1234");
            try (RunTracker tracker = TrackerFactory.forEnvironment(env)
                    .withDefaultTags(Map.of(MlflowTags.GIT_COMMIT, "abc")).open()) {
                assertThat(tracker).isInstanceOf(RestTracker.class);
                TrackedRun run = tracker.startRun("exp", "r", Optional.empty());
                run.end(RunStatus.FINISHED);
                assertThat(fake.run(run.runId()).tags).containsEntry(MlflowTags.GIT_COMMIT, "abc");
            }
            assertThat(fake.requests()).allSatisfy(
                    r -> assertThat(r.authorization()).isEqualTo("Bearer env-token-1234"));
        }
    }

    @Test
    void credentialsFileReplacesTheEnvironment() throws IOException {
        Path file = Files.writeString(tmp.resolve("mlflow.env"), "# for the shared server\n"
                + MlflowCredentials.USERNAME + "=dave\n" + MlflowCredentials.PASSWORD + " = s3cret-pw\n");
        try (FakeMlflowServer fake = FakeMlflowServer.start()) {
            Map<String, String> env = Map.of(MlflowCredentials.TOKEN, "ignored-token");
            try (RunTracker tracker = TrackerFactory.forEnvironment(env).withUri(fake.uri())
                    .withCredentialsFile(file).open()) {
                assertThat(tracker).isInstanceOf(RestTracker.class);
            }
            assertThat(fake.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.authorization())
                    .isEqualTo(MlflowCredentials.basic("dave", "s3cret-pw").authorizationHeader().orElseThrow()));
        }
    }

    @Test
    void insecureCredentialsNeedTheOptInFromTheEnvironment() {
        Map<String, String> env = Map.of(TrackerFactory.TRACKING_URI, "http://mlflow.example.invalid:5000",
                MlflowCredentials.TOKEN, "tok-SECRET-x");
        assertThatThrownBy(() -> TrackerFactory.forEnvironment(env).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RestTracker.ALLOW_INSECURE_CREDENTIALS)
                .hasMessageNotContaining("tok-SECRET-x");
        Map<String, String> badFlag = Map.of(TrackerFactory.TRACKING_URI, "http://mlflow.example.invalid:5000",
                MlflowCredentials.TOKEN, "tok-SECRET-x", RestTracker.ALLOW_INSECURE_CREDENTIALS, "maybe");
        assertThatThrownBy(() -> TrackerFactory.forEnvironment(badFlag).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RestTracker.ALLOW_INSECURE_CREDENTIALS).hasMessageContaining("'maybe'");
    }

    @Test
    void flagsParse() {
        String name = RestTracker.ALLOW_INSECURE_CREDENTIALS;
        assertThat(RestTracker.flag(Map.of(), name)).isFalse();
        assertThat(RestTracker.flag(Map.of(name, "TRUE"), name)).isTrue();
        assertThat(RestTracker.flag(Map.of(name, "1"), name)).isTrue();
        assertThat(RestTracker.flag(Map.of(name, "false"), name)).isFalse();
        assertThat(RestTracker.flag(Map.of(name, ""), name)).isFalse();
    }
}

package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named attack: a token set in the environment, echoed back by a failing server, appears in no file under the
 * local {@code mlruns} the run falls back to, in no captured log line or notice and in no exception message.
 */
@Timeout(60)
class SecretsNeverLeakTest {
    private static final String TOKEN = "tok-ENV-SECRET-4c1d8e";

    @TempDir
    Path tmp;

    @Test
    void environmentTokenIsAbsentFromTheLocalStoreLogsAndErrorsAfterAServerErrorRun() throws IOException {
        Map<String, String> env = Map.of(MlflowCredentials.TOKEN, TOKEN);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> logLines = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logLines.add(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage() + " " + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(capture);
        System.setOut(capture);
        Path store = tmp.resolve("mlruns");
        List<Throwable> thrown = new ArrayList<>();
        try (FakeMlflowServer fake = FakeMlflowServer.start()) {
            fake.requireAuthorization("Bearer " + TOKEN);
            RestTracker tracker = RestTracker.builder(fake.uri())
                    .credentials(MlflowCredentials.fromEnvironment(env))
                    .flushInterval(Duration.ofHours(1))
                    .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                    .finalRetry(Duration.ofSeconds(1))
                    .fallbackStore(store)
                    .notices(capture)
                    .open();
            RestRun run = tracker.startRun("exp", "leaky");
            run.logParam("lr", "0.1");
            fake.addRule(FakeMlflowServer.Rule.error("runs/", 500, "INTERNAL_ERROR",
                    "proxy saw Authorization: Bearer " + TOKEN, -1));
            run.logMetric("loss", 1.5, 1);
            run.logMetric("loss", 1.25, 2);
            try {
                run.setTag("phase", "fails");
                run.end(RunStatus.FAILED);
            } catch (RuntimeException e) {
                thrown.add(e);
                run.close();
            }
            try {
                tracker.close();
            } catch (RuntimeException e) {
                thrown.add(e);
            }
            assertThat(run.localRunDir()).as("the run fell back to the local store").isPresent();
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            root.removeHandler(handler);
        }

        List<Path> files;
        try (Stream<Path> walk = Files.walk(store)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("files of the local store").isNotEmpty()
                .anySatisfy(f -> assertThat(f.getFileName().toString()).isEqualTo("meta.yaml"));
        String encoded = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(content).as(f.toString()).doesNotContain(TOKEN).doesNotContain(encoded);
            assertThat(f.toString()).doesNotContain(TOKEN);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).as("notices and console").contains("INTERNAL_ERROR").doesNotContain(TOKEN);
        assertThat(String.join("\n", logLines)).doesNotContain(TOKEN);
        for (Throwable e : thrown) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t)).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void runNamesAreCheckedLikeMlflowOnTheFileStore() {
        try (FileStoreTracker tracker = FileStoreTracker.open(tmp.resolve("names"), Map.of())) {
            assertThatThrownBy(() -> tracker.startRun("exp", "two\nlines"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
            assertThatThrownBy(() -> tracker.startRun("exp", "r".repeat(251)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("251 characters");
            assertThat(tracker.startRun("exp", "ok run-1").runName()).isEqualTo("ok run-1");
        }
    }
}

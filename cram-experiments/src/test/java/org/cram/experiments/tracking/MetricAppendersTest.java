package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricAppendersTest {
    @TempDir
    Path dir;

    @Test
    void firstPointCreatesTheFileAndLaterPointsAppendVisibleAtOnce() throws Exception {
        Path file = dir.resolve("loss");
        try (MetricAppenders appenders = new MetricAppenders(dir)) {
            appenders.append(file, "1 0.5 0\n");
            assertThat(Files.readString(file)).isEqualTo("1 0.5 0\n");
            appenders.append(file, "2 0.25 1\n");
            appenders.append(file, "3 0.125 2\n3 0.0625 3\n");
            // read by another reader while still open: what a killed process would leave behind
            assertThat(Files.readString(file)).isEqualTo("1 0.5 0\n2 0.25 1\n3 0.125 2\n3 0.0625 3\n");
        }
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("loss"));
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("no staging file left behind").isEqualTo(1);
        }
    }

    @Test
    void anExistingFileIsAppendedToNotReplaced() throws Exception {
        Path file = dir.resolve("acc");
        Files.writeString(file, "1 0.1 0\n");
        try (MetricAppenders appenders = new MetricAppenders(dir)) {
            appenders.append(file, "2 0.2 1\n");
        }
        assertThat(Files.readString(file)).isEqualTo("1 0.1 0\n2 0.2 1\n");
    }

    @Test
    void aFileThatCannotBeWrittenIsNamed() throws Exception {
        Path file = Files.createDirectory(dir.resolve("loss")); // a folder where the metric file should be
        try (MetricAppenders appenders = new MetricAppenders(dir)) {
            assertThatThrownBy(() -> appenders.append(file, "1 0.5 0\n")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(file.toString());
        }
    }
}

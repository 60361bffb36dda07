package org.cram.api.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in memory ({@code /dev/shm}) where the machine has it, else in the default temporary folder:
 * fuzz tests write thousands of small files, which costs milliseconds each on a busy disk and microseconds in
 * memory. Use as {@code @TempDir(factory = MemoryTempDir.class)}; JUnit deletes the directory afterwards.
 */
public final class MemoryTempDir implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws Exception {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "junit-fuzz");
        }
        return Files.createTempDirectory("junit-fuzz");
    }
}

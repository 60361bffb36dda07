package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Private copies of artifact files whose upload has to wait (the server is down), so that what is uploaded later is
 * what was logged, even if the program overwrites or deletes the file meanwhile. Copies live in a temp folder
 * created on first use ({@code cram-mlflow-spool-*}); each is deleted once uploaded or written to the local store,
 * and {@link #close} removes the folder. Thread-safe.
 */
final class ArtifactSpool implements AutoCloseable {

    private Path dir;

    /** Copies the file into the spool; the copy keeps the file name. */
    synchronized Path copy(Path file) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("cram-mlflow-spool-");
            }
            Path slot = Files.createDirectory(dir.resolve(UUID.randomUUID().toString().replace("-", "")));
            return Files.copy(file, slot.resolve(file.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a copy of artifact " + file + " for a later upload", e);
        }
    }

    /** Deletes a copy made by {@link #copy} (no-op for {@code null} or a file outside the spool). */
    synchronized void release(Path copy) {
        if (copy == null || dir == null || !copy.startsWith(dir)) {
            return;
        }
        try {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.getParent());
        } catch (IOException e) {
            // a leftover temp file; removed with the folder on close
        }
    }

    /** Deletes the spool folder and everything left in it. */
    @Override
    public synchronized void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort: the temp folder stays
        }
        dir = null;
    }
}

package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Whole-file writes that readers never see half done: the content goes to a hidden temp file
 * ({@code .tmp-<uuid>}) in a folder on the same file system, which is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. The temp file is removed if anything fails.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} (UTF-8) to {@code target}, replacing it atomically.
     *
     * @param tempDir where the temp file is staged; must be on the target's file system, and a place where a stray
     *                hidden file does not confuse MLflow (a run or experiment folder, never a tags/params folder)
     */
    static void write(Path target, String content, Path tempDir) {
        Path tmp = tempDir.resolve(".tmp-" + UUID.randomUUID().toString().replace("-", ""));
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(tmp, content, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover hidden temp file is harmless to MLflow
            }
        }
    }
}

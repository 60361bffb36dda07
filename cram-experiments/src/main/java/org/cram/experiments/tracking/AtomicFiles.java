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
 * {@link StandardCopyOption#ATOMIC_MOVE}. The temp file is removed if anything fails (a full disk, say), so the
 * target keeps its old complete content.
 */
final class AtomicFiles {

    /** How a temp file's bytes reach the disk: the seam through which tests simulate a full disk. */
    @FunctionalInterface
    interface TempWriter {
        /** Creates {@code tmp} (it must not exist) holding {@code content}. */
        void write(Path tmp, byte[] content) throws IOException;
    }

    /** The real writer. */
    static final TempWriter DISK = (tmp, content) -> Files.write(tmp, content, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    private static volatile TempWriter writer = DISK;

    private AtomicFiles() {
    }

    /** Replaces the writer and returns the previous one (tests only; restore it when done). */
    static TempWriter useWriter(TempWriter replacement) {
        TempWriter previous = writer;
        writer = java.util.Objects.requireNonNull(replacement, "replacement");
        return previous;
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
            writer.write(tmp, content.getBytes(StandardCharsets.UTF_8));
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

package org.cram.experiments.data;

import java.nio.file.Path;

/**
 * A data file or directory is missing, unreadable or malformed. The message always starts with the path, then says
 * what was found and what was expected.
 *
 * <p>Unchecked because a broken data file is a setup error the training code cannot recover from; it should reach
 * the user with its message intact. (Named so as not to clash with {@code java.util.zip.DataFormatException}.)
 */
public final class DataFileException extends RuntimeException {
    private final transient Path file;

    public DataFileException(Path file, String detail) {
        super(file + ": " + detail);
        this.file = file;
    }

    public DataFileException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
    }

    /** The file or directory the problem is about. */
    public Path file() {
        return file;
    }
}

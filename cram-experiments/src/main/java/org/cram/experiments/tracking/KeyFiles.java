package org.cram.experiments.tracking;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps a validated key to its file under a metrics/params/tags folder; a key with {@code /} lives in subfolders.
 * Since a path cannot be both a file and a folder, key {@code a} and key {@code a/b} cannot coexist (MLflow fails
 * on this too); the clash is an {@link IllegalArgumentException} naming both keys.
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /** The file for {@code key} under {@code base}; the key must already be validated by {@link MlflowKeys}. */
    static Path resolve(Path base, String kind, String key) {
        Path target = base.resolve(key);
        for (Path p = target.getParent(); p != null && p.startsWith(base) && !p.equals(base); p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                throw new IllegalArgumentException(kind + " key '" + key + "' clashes with the existing " + kind
                        + " key '" + base.relativize(p).toString().replace('\\', '/')
                        + "': a key cannot also be a folder of other keys");
            }
        }
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(kind + " key '" + key + "' clashes with existing " + kind
                    + " keys under '" + key + "/': a key cannot also be a folder of other keys");
        }
        return target;
    }
}

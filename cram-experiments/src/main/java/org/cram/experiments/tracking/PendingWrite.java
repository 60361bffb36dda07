package org.cram.experiments.tracking;

import java.util.Map;

/**
 * A param, tag or artifact write of a {@link RestRun} that waits for the server. All of them are idempotent (the
 * same param value, the same tag value, the same file replacing itself), so one that may have been applied can
 * simply be sent again.
 */
sealed interface PendingWrite {

    /** Params sent together ({@code runs/log-parameter} for one, {@code runs/log-batch} for up to 100). */
    record Params(Map<String, String> params) implements PendingWrite {
    }

    /** A tag ({@code runs/set-tag}). */
    record Tag(String key, String value) implements PendingWrite {
    }

    /** An artifact upload of the entry's spool copy to {@code <folder>/<file name>}. */
    record Artifact(RunJournal.ArtifactEntry entry) implements PendingWrite {
    }
}

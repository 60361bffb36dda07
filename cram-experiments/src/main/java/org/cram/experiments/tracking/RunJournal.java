package org.cram.experiments.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link RestRun} logged, sent or not: params, tags (including the system tags sent when the run was
 * created), every metric point ({@link MetricLog}) and the artifacts. It is what is written to the local store when
 * the server does not come back. Guarded by the run's lock (the metric log is thread-safe on its own).
 */
final class RunJournal {

    /** An artifact file logged to {@code folder}; {@code copy} is its spool copy while an upload waits. */
    static final class ArtifactEntry {
        final Path source;
        final String folder;
        volatile Path copy;

        ArtifactEntry(Path source, String folder, Path copy) {
            this.source = source;
            this.folder = folder;
            this.copy = copy;
        }

        /** The file with the logged content: the spool copy while it exists, else the original. */
        Path content() {
            Path c = copy;
            return c != null && Files.isRegularFile(c) ? c : source;
        }
    }

    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final MetricLog metrics = new MetricLog();
    final List<ArtifactEntry> artifacts = new ArrayList<>();

    RunJournal(Map<String, String> initialTags) {
        tags.putAll(initialTags);
    }
}

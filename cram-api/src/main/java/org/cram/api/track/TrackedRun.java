package org.cram.api.track;

import java.nio.file.Path;
import java.util.Map;

/**
 * One tracked run. Keys follow MLflow's rules (alphanumerics, {@code _ - . / space}); a bad key is an
 * {@link IllegalArgumentException} naming it. Metrics are appended, never rewritten.
 */
public interface TrackedRun extends AutoCloseable {

    String runId();

    String experimentId();

    void logParam(String key, String value);

    default void logParams(Map<String, ?> params) {
        params.forEach((k, v) -> logParam(k, String.valueOf(v)));
    }

    void setTag(String key, String value);

    /** Appends one metric value at a step (timestamp taken now). */
    void logMetric(String key, double value, long step);

    /** Copies a local file into the run's artifacts under {@code artifactPath} (a relative path, may be empty). */
    void logArtifact(Path file, String artifactPath);

    /** Ends the run with the given terminal status. Further logging fails. */
    void end(RunStatus status);

    /** Ends the run FAILED if it was not ended yet (so try-with-resources marks crashes). */
    @Override
    void close();
}

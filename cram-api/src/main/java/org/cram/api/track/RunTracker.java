package org.cram.api.track;

import java.util.Optional;

/**
 * Where runs are recorded (an embedded MLflow file store, or a tracking server). Call order: {@link #startRun},
 * then log through the returned {@link TrackedRun}, then {@link TrackedRun#end}. A run that is never ended is
 * marked FAILED when the tracker is closed (or the JVM shuts down), so no run stays RUNNING forever.
 */
public interface RunTracker extends AutoCloseable {

    /**
     * Starts a run in the named experiment (created if missing).
     *
     * @param parentRunId for nested runs (a sweep's points), the parent's run id
     */
    TrackedRun startRun(String experimentName, String runName, Optional<String> parentRunId);

    /** Ends every run still open with {@link RunStatus#FAILED}. */
    @Override
    void close();
}

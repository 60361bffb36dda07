package org.cram.experiments.tracking;

import java.util.List;

/**
 * What one {@link MlflowSync} did.
 *
 * @param experimentsCreated experiments that did not exist on the server
 * @param runsCreated        runs created on the server
 * @param runsCompleted      runs that were on the server already but incomplete (a run that fell back to the local
 *                           store, or one an interrupted sync left half uploaded) and were completed
 * @param runsSkipped        runs already complete on the server (ended there), left untouched
 * @param runsFailed         runs that could not be uploaded (see {@code problems})
 * @param metricsSent        metric points sent
 * @param paramsSent         params sent
 * @param tagsSent           run and experiment tags sent
 * @param artifactsUploaded  artifact files uploaded
 * @param interrupted        whether the sync stopped early because the server could not be reached
 * @param problems           one line per failed run or other problem
 */
public record SyncReport(int experimentsCreated, int runsCreated, int runsCompleted, int runsSkipped, int runsFailed,
                         long metricsSent, int paramsSent, int tagsSent, int artifactsUploaded, boolean interrupted,
                         List<String> problems) {

    public SyncReport {
        problems = List.copyOf(problems);
    }

    /** Whether everything in the store is now on the server. */
    public boolean isComplete() {
        return runsFailed == 0 && !interrupted;
    }

    /** One line for people. */
    public String summary() {
        return experimentsCreated + " experiments created; runs: " + runsCreated + " created, " + runsCompleted
                + " completed, " + runsSkipped + " already there, " + runsFailed + " failed; sent " + metricsSent
                + " metric values, " + paramsSent + " params, " + tagsSent + " tags, " + artifactsUploaded
                + " artifacts" + (interrupted ? "; INTERRUPTED" : "");
    }
}

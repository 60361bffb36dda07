package org.cram.experiments.tracking;

/** Names of the system tags MLflow's UI reads, and of cram's own run tags. */
public final class MlflowTags {

    /** The run's display name (also {@code run_name} in meta.yaml). */
    public static final String RUN_NAME = "mlflow.runName";
    /** The user who started the run. */
    public static final String USER = "mlflow.user";
    /** The program that produced the run (main class or script). */
    public static final String SOURCE_NAME = "mlflow.source.name";
    /** {@code LOCAL} for runs written by this tracker. */
    public static final String SOURCE_TYPE = "mlflow.source.type";
    /** Git commit of the code; pass it in the tracker's default tags. */
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    /** Id of the parent run; the UI nests the run under it (same experiment). */
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    /** The run's markdown description. */
    public static final String NOTE_CONTENT = "mlflow.note.content";
    /** Why a run of the file store ended FAILED: the first write that failed (e.g. a full disk). */
    public static final String FAILURE_REASON = "cram.failure_reason";
    /** The process writing a file-store run, as {@link WriterProcess#id()}; lets a later process tell it died. */
    public static final String WRITER = "cram.writer";

    private MlflowTags() {
    }
}

package org.cram.experiments.tracking;

/**
 * An MLflow tracking server could not be reached, did not answer in time, or answered with an error. The message
 * names the server URI and what was being done; for an error answer it carries MLflow's {@code error_code} and
 * {@code message}. It never contains credentials.
 */
public final class MlflowServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String errorCode;
    private final boolean neverSent;

    MlflowServerException(String message, int httpStatus, String errorCode, Throwable cause) {
        this(message, httpStatus, errorCode, cause, false);
    }

    MlflowServerException(String message, int httpStatus, String errorCode, Throwable cause, boolean neverSent) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode == null ? "" : errorCode;
        this.neverSent = neverSent;
    }

    /** The HTTP status of the server's answer, or 0 if there was no answer (connection failed, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** MLflow's {@code error_code} (e.g. {@code INVALID_PARAMETER_VALUE}), or {@code ""} if the answer had none. */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Whether the same request may succeed later: no answer, a 5xx answer, or 429 (rate limited). A 4xx answer
     * means the request itself was rejected.
     */
    public boolean isTransient() {
        return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
    }

    /**
     * Whether the request certainly did not reach the server (no connection could be made, or it was rate limited
     * with 429), so sending it again cannot apply it twice. Any other transient failure is ambiguous: the server may
     * have applied the request and the answer got lost.
     */
    boolean neverSent() {
        return neverSent || httpStatus == 429;
    }
}

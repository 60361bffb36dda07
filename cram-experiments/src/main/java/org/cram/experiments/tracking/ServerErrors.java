package org.cram.experiments.tracking;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link MlflowServerException}s of one server: every message names the server and the action, carries
 * MLflow's {@code error_code} and {@code message} when the server sent them, and is passed through
 * {@link MlflowCredentials#redact} so no secret can slip in (e.g. echoed by a proxy).
 */
final class ServerErrors {

    private static final int MAX_BODY_SHOWN = 200;

    private final ServerUri server;
    private final MlflowCredentials credentials;

    ServerErrors(ServerUri server, MlflowCredentials credentials) {
        this.server = server;
        this.credentials = credentials;
    }

    ServerUri server() {
        return server;
    }

    /** The server answered {@code status} with {@code body} (MLflow's {@code {error_code, message}} or anything). */
    MlflowServerException answer(String action, int status, String body) {
        Optional<Map<String, Object>> json = Json.parseObject(body);
        Optional<String> code = json.flatMap(o -> Json.string(o, "error_code"));
        Optional<String> message = json.flatMap(o -> Json.string(o, "message"));
        String text;
        if (code.isPresent()) {
            text = "MLflow server " + server + " rejected " + action + ": HTTP " + status + " " + code.get()
                    + message.map(m -> ": " + m).orElse("");
        } else {
            text = "MLflow server " + server + " answered HTTP " + status + " to " + action
                    + bodySummary(body) + hint(status);
        }
        return new MlflowServerException(credentials.redact(text), status, code.orElse(""), null);
    }

    /**
     * No answer: connection refused, unknown host, reset, timeout. When no connection could be made the exception
     * says the request was {@linkplain MlflowServerException#neverSent never sent}.
     */
    MlflowServerException noAnswer(String action, IOException cause) {
        String reason;
        if (cause instanceof HttpConnectTimeoutException) {
            reason = "connection timed out";
        } else if (cause instanceof HttpTimeoutException) {
            reason = "no answer in time";
        } else if (cause instanceof ConnectException) {
            reason = "connection refused";
        } else if (cause instanceof UnknownHostException) {
            reason = "unknown host";
        } else {
            reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        String text = "cannot reach MLflow tracking server " + server + " while " + action + " (" + reason + ")";
        boolean noConnection = cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException
                || cause instanceof UnknownHostException;
        return new MlflowServerException(credentials.redact(text), 0, "", cause, noConnection);
    }

    /** A call took longer than its deadline. */
    MlflowServerException timeout(String action, Duration limit) {
        String text = "MLflow tracking server " + server + " did not answer " + action + " within "
                + describe(limit);
        return new MlflowServerException(credentials.redact(text), 0, "", null);
    }

    /** The waiting thread was interrupted (its interrupt flag is restored by the caller). */
    MlflowServerException interrupted(String action) {
        return new MlflowServerException("interrupted while " + action + " on MLflow tracking server " + server, 0,
                "", null);
    }

    /** Any other failure of the client library (e.g. an answer it cannot parse). */
    MlflowServerException other(String action, RuntimeException cause) {
        String text = "MLflow call " + action + " to " + server + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new MlflowServerException(credentials.redact(text), 0, "", null);
    }

    /** {@code "300 ms"}, {@code "5 s"} or {@code "2.5 s"}. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    private static String bodySummary(String body) {
        if (body == null || body.isBlank()) {
            return " with an empty body";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        if (flat.length() > MAX_BODY_SHOWN) {
            flat = flat.substring(0, MAX_BODY_SHOWN) + "...";
        }
        return " (not an MLflow error answer: '" + flat + "')";
    }

    private static String hint(int status) {
        if (status == 401 || status == 403) {
            return "; check the credentials in " + MlflowCredentials.TOKEN + " or " + MlflowCredentials.USERNAME
                    + "/" + MlflowCredentials.PASSWORD;
        }
        return "";
    }
}

package org.cram.experiments.tracking;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, with one cheap request, that a URI is a reachable MLflow tracking server that accepts the credentials:
 * {@code GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=Default}, which an MLflow server answers with
 * {@code {"experiment": {...}}} or with 404 {@code RESOURCE_DOES_NOT_EXIST}. Anything else fails at once with a
 * message that names the URI and what to check, so a wrong URI is found before training starts, not after it.
 */
final class ServerProbe {

    static final String PROBE_PATH = "/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default";

    private ServerProbe() {
    }

    /**
     * @throws MlflowServerException if the server is unreachable, rejects the credentials, or is not MLflow
     */
    static void check(ServerHttp http, Duration timeout) {
        ServerErrors errors = http.errors();
        String action = "the connection check (GET " + PROBE_PATH + ")";
        HttpResponse<String> answer;
        try {
            answer = http.send(http.request(PROBE_PATH, timeout).GET().build(), action);
        } catch (MlflowServerException e) {
            throw new MlflowServerException(e.getMessage() + ". Check that the MLflow server is running and that"
                    + " the URI (argument or MLFLOW_TRACKING_URI) has the right host and port, e.g."
                    + " http://127.0.0.1:5000 for 'mlflow server --port 5000'", 0, "", e.getCause());
        }
        int status = answer.statusCode();
        Optional<Map<String, Object>> json = Json.parseObject(answer.body());
        if (status == 200 && json.map(o -> o.get("experiment") instanceof Map).orElse(false)) {
            return;
        }
        if (status == 404 && json.flatMap(o -> Json.string(o, "error_code")).isPresent()) {
            return; // the Default experiment was deleted; the server still speaks MLflow
        }
        if (status == 401 || status == 403) {
            throw errors.answer(action + "; the server refused the credentials ("
                    + (status == 401 ? "none sent or not accepted" : "not allowed") + ")", status, answer.body());
        }
        if (status >= 300 && status < 400) {
            throw new MlflowServerException("MLflow tracking server URI " + errors.server() + " redirects (HTTP "
                    + status + ") instead of answering " + action + "; use the final server URI (e.g. https://"
                    + " instead of http://, or the path the server is mounted under)", status, "", null);
        }
        MlflowServerException cause = errors.answer(action, status, answer.body());
        if (!cause.errorCode().isEmpty()) {
            throw cause; // an MLflow server, but failing (e.g. its database is down)
        }
        throw new MlflowServerException(cause.getMessage() + ". " + errors.server()
                + " does not answer like an MLflow tracking server; check that the URI points at the server root"
                + " (where 'mlflow server' listens), not at another service or a sub-page",
                status, cause.errorCode(), null);
    }
}

package org.cram.experiments.tracking;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.cram.api.track.RunStatus;

/**
 * The run requests of the MLflow REST API 2.0 that must not be repeated behind the caller's back, sent as plain
 * JSON over {@link ServerHttp}: each method makes exactly one request per call (pages aside), unlike the MLflow
 * Java client, which silently repeats a request that got an error answer (a {@code runs/log-batch} applied by a
 * server whose answer was a 5xx would then be applied twice). Retrying is left to the callers, which know whether
 * a repeat is harmless ({@link RestRun}, {@link MlflowSync}).
 *
 * <p>Failures are {@link MlflowServerException}s naming the server and the action. int64 fields are read both as
 * JSON numbers and as strings (proto3 JSON), doubles also as {@code "NaN"} and {@code "Infinity"}.
 */
final class RunApi {

    static final String API = "/api/2.0/mlflow/";
    /** MLflow's largest page of {@code metrics/get-history}. */
    static final int HISTORY_PAGE_SIZE = 25_000;
    /** Page size for {@code runs/search}. */
    static final int SEARCH_PAGE_SIZE = 1000;

    /** A run as the server reports it ({@code runs/get}, {@code runs/search}, {@code runs/create}). */
    record RemoteRun(String runId, String experimentId, String runName, String status, long startTime,
                     String artifactUri, String lifecycleStage, Map<String, String> params,
                     Map<String, String> tags) {

        /** Whether the run has ended (FINISHED, FAILED or KILLED). */
        boolean isTerminated() {
            return status.equals("FINISHED") || status.equals("FAILED") || status.equals("KILLED");
        }
    }

    private final ServerHttp http;
    private final Duration timeout;

    RunApi(ServerHttp http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    ServerHttp http() {
        return http;
    }

    /** One {@code runs/log-batch} (the caller keeps within 1000 metrics, 100 params and 100 tags). */
    void logBatch(String runId, List<MetricValue> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Object> m = new ArrayList<>(metrics.size());
        for (MetricValue v : metrics) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("key", v.key());
            one.put("value", v.value());
            one.put("timestamp", v.timestamp());
            one.put("step", v.step());
            m.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("metrics", m);
        body.put("params", keyValues(params));
        body.put("tags", keyValues(tags));
        post("runs/log-batch", body, "log-batch of " + metrics.size() + " metrics, " + params.size() + " params and "
                + tags.size() + " tags of run " + runId);
    }

    void logParam(String runId, String key, String value) {
        post("runs/log-parameter", Map.of("run_id", runId, "key", key, "value", value),
                "logging param '" + key + "' of run " + runId);
    }

    void setTag(String runId, String key, String value) {
        post("runs/set-tag", Map.of("run_id", runId, "key", key, "value", value),
                "setting tag '" + key + "' of run " + runId);
    }

    void setExperimentTag(String experimentId, String key, String value) {
        post("experiments/set-experiment-tag", Map.of("experiment_id", experimentId, "key", key, "value", value),
                "setting tag '" + key + "' of experiment " + experimentId);
    }

    /** {@code runs/update} with a terminal status and end time. */
    void updateRun(String runId, RunStatus status, long endTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("status", status.name());
        body.put("end_time", endTime);
        post("runs/update", body, "ending run " + runId + " with status " + status);
    }

    /** {@code runs/create}; a blank run name lets the server choose one. */
    RemoteRun createRun(String experimentId, String runName, long startTime, String userId,
                        Map<String, String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_id", experimentId);
        body.put("user_id", userId);
        if (runName != null && !runName.isBlank()) {
            body.put("run_name", runName);
        }
        body.put("start_time", startTime);
        body.put("tags", keyValues(tags));
        String action = "creation of run '" + runName + "' in experiment " + experimentId;
        Map<String, Object> answer = post("runs/create", body, action);
        return parsed(action, () -> parseRun(object(answer.get("run"), "runs/create answer")));
    }

    /** {@code runs/get}: the run, or empty if the server has no run with this id. */
    Optional<RemoteRun> getRun(String runId) {
        String action = "lookup of run " + runId;
        HttpResponse<String> answer = http.send(http.request(API + "runs/get?run_id=" + encode(runId), timeout)
                .GET().build(), action);
        if (answer.statusCode() == 404) {
            MlflowServerException e = http.errors().answer(action, answer.statusCode(), answer.body());
            if (e.errorCode().equals("RESOURCE_DOES_NOT_EXIST")) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, Object> json = checked(answer, action);
        return Optional.of(parsed(action, () -> parseRun(object(json.get("run"), "runs/get answer"))));
    }

    /** {@code runs/search} in one experiment (active runs), all pages. */
    List<RemoteRun> searchRuns(String experimentId, String filter) {
        List<RemoteRun> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("experiment_ids", List.of(experimentId));
            body.put("filter", filter);
            body.put("run_view_type", "ACTIVE_ONLY");
            body.put("max_results", SEARCH_PAGE_SIZE);
            if (token != null) {
                body.put("page_token", token);
            }
            String action = "search of runs in experiment " + experimentId + " (" + filter + ")";
            Map<String, Object> answer = post("runs/search", body, action);
            out.addAll(parsed(action, () -> {
                List<RemoteRun> page = new ArrayList<>();
                for (Object run : list(answer.get("runs"))) {
                    page.add(parseRun(object(run, "run")));
                }
                return page;
            }));
            token = nextToken(answer);
        } while (token != null);
        return out;
    }

    /**
     * The whole history of one metric ({@code metrics/get-history} with {@code max_results}, page by page: MLflow
     * 3.4-3.13 answer an empty history without it, and no server sends more than 25,000 points in one page).
     */
    List<MetricValue> metricHistory(String runId, String key) {
        List<MetricValue> out = new ArrayList<>();
        String token = null;
        String action = "reading the history of metric '" + key + "' of run " + runId;
        do {
            String query = "metrics/get-history?run_id=" + encode(runId) + "&metric_key=" + encode(key)
                    + "&max_results=" + HISTORY_PAGE_SIZE + (token == null ? "" : "&page_token=" + encode(token));
            HttpResponse<String> answer = http.send(http.request(API + query, timeout).GET().build(), action);
            Map<String, Object> json = checked(answer, action);
            out.addAll(parsed(action, () -> {
                List<MetricValue> page = new ArrayList<>();
                for (Object m : list(json.get("metrics"))) {
                    Map<String, Object> point = object(m, "metric");
                    page.add(new MetricValue(Json.string(point, "key").orElse(key), doubleOf(point.get("value")),
                            longOf(point.get("timestamp")), longOf(point.get("step"))));
                }
                return page;
            }));
            token = nextToken(json);
        } while (token != null);
        return out;
    }

    private Map<String, Object> post(String endpoint, Map<String, ?> body, String action) {
        HttpRequest request = http.request(API + endpoint, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonWriter.write(body), StandardCharsets.UTF_8))
                .build();
        return checked(http.send(request, action), action);
    }

    private Map<String, Object> checked(HttpResponse<String> answer, String action) {
        int status = answer.statusCode();
        if (status < 200 || status >= 300) {
            throw http.errors().answer(action, status, answer.body());
        }
        String body = answer.body();
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        return Json.parseObject(body).orElseThrow(() -> new MlflowServerException("MLflow server "
                + http.errors().server() + " answered " + action + " with something that is not a JSON object", status,
                "", null));
    }

    /** Runs a parse of an answer; a malformed answer becomes an {@link MlflowServerException} naming the action. */
    private <T> T parsed(String action, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MlflowServerException("MLflow server " + http.errors().server() + " answered " + action
                    + " with an unexpected answer: " + e.getMessage(), 200, "", e);
        }
    }

    private static String nextToken(Map<String, Object> answer) {
        Object token = answer.get("next_page_token");
        return token instanceof String && !((String) token).isEmpty() ? (String) token : null;
    }

    private static List<Object> keyValues(Map<String, String> values) {
        List<Object> out = new ArrayList<>(values.size());
        values.forEach((k, v) -> out.add(Map.of("key", k, "value", v)));
        return out;
    }

    private static RemoteRun parseRun(Map<String, Object> run) {
        Map<String, Object> info = object(run.get("info"), "run info");
        Map<String, Object> data = run.get("data") == null ? Map.of() : object(run.get("data"), "run data");
        String id = Json.string(info, "run_id").or(() -> Json.string(info, "run_uuid")).orElse("");
        return new RemoteRun(id, Json.string(info, "experiment_id").orElse(""),
                Json.string(info, "run_name").orElse(""), Json.string(info, "status").orElse("RUNNING"),
                longOf(info.get("start_time")), Json.string(info, "artifact_uri").orElse(""),
                Json.string(info, "lifecycle_stage").orElse("active"),
                pairs(data.get("params")), pairs(data.get("tags")));
    }

    private static Map<String, String> pairs(Object list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object item : list(list)) {
            Map<String, Object> kv = object(item, "key-value pair");
            out.put(Json.string(kv, "key").orElse(""), Json.string(kv, "value").orElse(""));
        }
        return out;
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array in the MLflow answer, got " + value);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        return list;
    }

    private static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object for the " + what + " in the MLflow answer");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    private static long longOf(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).longValue();
        }
        if (value instanceof String) {
            return Long.parseLong((String) value);
        }
        return 0L;
    }

    private static double doubleOf(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).doubleValue();
        }
        if (value instanceof String) {
            switch (((String) value).toLowerCase(Locale.ROOT)) {
                case "nan": return Double.NaN;
                case "infinity": return Double.POSITIVE_INFINITY;
                case "-infinity": return Double.NEGATIVE_INFINITY;
                default: return Double.parseDouble((String) value);
            }
        }
        return 0.0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

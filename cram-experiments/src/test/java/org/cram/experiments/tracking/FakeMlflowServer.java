package org.cram.experiments.tracking;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An in-process MLflow tracking server for tests, bound to 127.0.0.1 on an ephemeral port. It speaks the REST API
 * 2.0 endpoints the {@link RestTracker} uses, with the request and answer shapes of MLflow's documentation:
 *
 * <pre>
 * GET  /api/2.0/mlflow/experiments/get-by-name?experiment_name=  {experiment:{...}} | 404 RESOURCE_DOES_NOT_EXIST
 * POST /api/2.0/mlflow/experiments/create   {name}               {experiment_id}    | 400 RESOURCE_ALREADY_EXISTS
 * POST /api/2.0/mlflow/runs/create          {experiment_id, user_id, run_name, start_time, tags}  {run:{info, data}}
 * POST /api/2.0/mlflow/runs/log-parameter   {run_id, key, value}  {}
 * POST /api/2.0/mlflow/runs/set-tag         {run_id, key, value}  {}
 * POST /api/2.0/mlflow/runs/log-metric      {run_id, key, value, timestamp, step}  {}
 * POST /api/2.0/mlflow/runs/log-batch       {run_id, metrics, params, tags}  {}  (at most 1000 / 100 / 100)
 * POST /api/2.0/mlflow/runs/update          {run_id, status, end_time}  {run_info}
 * GET  /api/2.0/mlflow/runs/get?run_id=      {run:{info, data:{metrics (latest per key), params, tags}}}
 * POST /api/2.0/mlflow/runs/search          {experiment_ids, filter, run_view_type, max_results, page_token}
 *                                           {runs, next_page_token}  (filter: tags.&lt;key&gt; = '&lt;value&gt;' [and ...])
 * GET  /api/2.0/mlflow/metrics/get-history?run_id=&amp;metric_key=&amp;max_results=&amp;page_token=
 *                                           {metrics, next_page_token}  (max_results at most 25000)
 * POST /api/2.0/mlflow/experiments/set-experiment-tag  {experiment_id, key, value}  {}
 * PUT  /api/2.0/mlflow-artifacts/artifacts/&lt;path&gt;   file bytes  {}
 * </pre>
 *
 * Errors are {@code {"error_code", "message"}} with MLflow's HTTP statuses; unknown paths get Flask's HTML 404.
 * int64 fields are accepted as JSON numbers or strings (proto3 JSON), doubles also as "NaN"/"Infinity"; answers
 * carry int64 fields as numbers and NaN/infinite doubles as strings, as MLflow's server writes them. Every request
 * is recorded; {@link #addRule rules} make chosen requests fail, hang, drop the connection, or be applied with the
 * answer lost; {@link #goDown} makes the whole server refuse connections or answer 503 until {@link #comeBack}.
 */
final class FakeMlflowServer implements AutoCloseable {

    static final String API = "/api/2.0/mlflow/";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts/";

    static {
        // The JDK server writes an answer's headers and body separately without TCP_NODELAY, so each answer waits
        // ~40 ms for the client's delayed ACK (Nagle). Read once, when the JDK's server is first used in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** One request as received. */
    record Request(String method, String path, String query, String authorization, String contentType, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body parsed as a JSON object. */
        Map<String, Object> json() {
            return Json.parseObject(bodyText()).orElseThrow();
        }
    }

    /** One metric value as stored. */
    record Metric(String key, double value, long timestamp, long step) {
    }

    /** A run as stored. */
    static final class Run {
        final String runId;
        final String experimentId;
        final String userId;
        final long startTime;
        String runName;
        String status = "RUNNING";
        Long endTime;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, String> params = new LinkedHashMap<>();
        final List<Metric> metrics = new ArrayList<>();

        Run(String runId, String experimentId, String userId, long startTime) {
            this.runId = runId;
            this.experimentId = experimentId;
            this.userId = userId;
            this.startTime = startTime;
        }
    }

    /**
     * What a rule does to a matching request: answer it without applying it, close the connection without applying
     * it, wait before handling it normally, or apply it and then close the connection without an answer.
     */
    enum Action { RESPOND, DROP_CONNECTION, DELAY, APPLY_THEN_DROP }

    /** How the server is down: connections refused (nothing listens), or every request answered 503. */
    enum Outage { REFUSE, UNAVAILABLE }

    /** Applies to requests whose path contains {@code pathPart}, {@code times} times (-1: always). */
    static final class Rule {
        final String pathPart;
        final Action action;
        final int status;
        final String contentType;
        final String body;
        final Duration delay;
        int remaining;
        int skip;

        private Rule(String pathPart, Action action, int status, String contentType, String body, Duration delay,
                     int times) {
            this.pathPart = pathPart;
            this.action = action;
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.delay = delay;
            this.remaining = times;
        }

        static Rule error(String pathPart, int status, String errorCode, String message, int times) {
            return new Rule(pathPart, Action.RESPOND, status, "application/json",
                    errorJson(errorCode, message), null, times);
        }

        static Rule respond(String pathPart, int status, String contentType, String body, int times) {
            return new Rule(pathPart, Action.RESPOND, status, contentType, body, null, times);
        }

        static Rule drop(String pathPart, int times) {
            return new Rule(pathPart, Action.DROP_CONNECTION, 0, null, null, null, times);
        }

        static Rule delay(String pathPart, Duration delay, int times) {
            return new Rule(pathPart, Action.DELAY, 0, null, null, delay, times);
        }

        /** Applies the request, then closes the connection without an answer (the client cannot know it worked). */
        static Rule applyThenDrop(String pathPart, int times) {
            return new Rule(pathPart, Action.APPLY_THEN_DROP, 0, null, null, null, times);
        }

        /** Lets the first {@code n} matching requests pass untouched. */
        Rule afterFirst(int n) {
            this.skip = n;
            return this;
        }
    }

    private final ExecutorService executor;
    private final int port;
    private HttpServer server;
    private Outage outage;
    private final List<Request> requests = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Map<String, Object>> experiments = new LinkedHashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
    private String requiredAuthorization;
    private int nextExperimentId = 1;

    private FakeMlflowServer() throws IOException {
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-mlflow");
            t.setDaemon(true);
            return t;
        });
        server = listen(0);
        port = server.getAddress().getPort();
        experiments.put("0", experimentJson("0", "Default", "active"));
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        return http;
    }

    /** Starts a server with only the Default experiment. */
    static FakeMlflowServer start() throws IOException {
        FakeMlflowServer fake = new FakeMlflowServer();
        fake.server.start();
        return fake;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Takes the server down: {@link Outage#REFUSE} stops listening (connections are refused), {@link Outage#UNAVAILABLE}
     * answers every request 503 {@code TEMPORARILY_UNAVAILABLE} without applying it. Stored data is kept.
     */
    synchronized void goDown(Outage how) {
        if (outage != null) {
            throw new IllegalStateException("already down (" + outage + ")");
        }
        outage = how;
        if (how == Outage.REFUSE) {
            server.stop(0);
        }
    }

    /** Ends an outage: listens again on the same port, or stops answering 503. */
    synchronized void comeBack() throws IOException {
        if (outage == Outage.REFUSE) {
            IOException last = null;
            for (int attempt = 0; attempt < 50; attempt++) { // the port may take a moment to be free again
                try {
                    server = listen(port);
                    server.start();
                    last = null;
                    break;
                } catch (IOException e) {
                    last = e;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while rebinding port " + port, interrupted);
                    }
                }
            }
            if (last != null) {
                throw last;
            }
        }
        outage = null;
    }

    /** Number of requests received (a refused connection is not a request). */
    synchronized int requestCount() {
        return requests.size();
    }

    /** Number of runs stored. */
    synchronized int runCount() {
        return runs.size();
    }

    /** Ids of the runs with this tag value, in creation order. */
    synchronized List<String> runsWithTag(String key, String value) {
        return runs.values().stream().filter(r -> value.equals(r.tags.get(key))).map(r -> r.runId)
                .collect(Collectors.toList());
    }

    /** How many stored points of a run have this key and step. */
    synchronized long metricCount(String runId, String key, long step) {
        return run(runId).metrics.stream().filter(m -> m.key().equals(key) && m.step() == step).count();
    }

    /** From now on, answer 401 unless the Authorization header is exactly this. */
    synchronized void requireAuthorization(String headerValue) {
        this.requiredAuthorization = headerValue;
    }

    synchronized void addRule(Rule rule) {
        rules.add(rule);
    }

    synchronized void clearRules() {
        rules.clear();
    }

    /** Marks an experiment deleted (as {@code mlflow experiments delete} does). */
    synchronized void deleteExperiment(String id) {
        Map<String, Object> exp = new LinkedHashMap<>(experiments.get(id));
        exp.put("lifecycle_stage", "deleted");
        experiments.put(id, exp);
    }

    /** Creates an experiment directly (as another client would). */
    synchronized String createExperimentDirectly(String name) {
        String id = String.valueOf(nextExperimentId++);
        experiments.put(id, experimentJson(id, name, "active"));
        return id;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose path ends with {@code suffix} (e.g. "runs/log-batch"). */
    synchronized List<Request> requests(String suffix) {
        return requests.stream().filter(r -> r.path().endsWith(suffix)).collect(Collectors.toList());
    }

    synchronized Optional<Map<String, Object>> experimentByName(String name) {
        return experiments.values().stream().filter(e -> name.equals(e.get("name"))).findFirst();
    }

    synchronized int experimentCount() {
        return experiments.size();
    }

    synchronized Run run(String runId) {
        Run run = runs.get(runId);
        if (run == null) {
            throw new AssertionError("no run " + runId + " on the fake server; runs: " + runs.keySet());
        }
        return run;
    }

    synchronized List<Metric> metrics(String runId) {
        return List.copyOf(run(runId).metrics);
    }

    /** The bytes stored at an artifact path (below {@code mlflow-artifacts/artifacts/}), if any. */
    synchronized Optional<byte[]> artifact(String path) {
        return Optional.ofNullable(artifacts.get(path));
    }

    synchronized Map<String, byte[]> artifacts() {
        return Map.copyOf(artifacts);
    }

    @Override
    public void close() {
        synchronized (this) {
            server.stop(0);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- request handling -------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            Rule rule;
            synchronized (this) {
                if (outage == Outage.REFUSE) {
                    return; // a connection accepted just before the server stopped
                }
                requests.add(request);
                if (outage == Outage.UNAVAILABLE) {
                    rule = Rule.error("/", 503, "TEMPORARILY_UNAVAILABLE", "the server is restarting", 1);
                } else {
                    rule = matchingRule(path);
                }
            }
            if (rule != null) {
                switch (rule.action) {
                    case DROP_CONNECTION:
                        return; // close without any answer
                    case APPLY_THEN_DROP:
                        synchronized (this) {
                            answer(request);
                        }
                        return; // applied, but the client never hears of it
                    case DELAY:
                        try {
                            Thread.sleep(rule.delay.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                        break;
                    default:
                        send(exchange, rule.status, rule.contentType, rule.body);
                        return;
                }
            }
            Answer answer;
            synchronized (this) {
                answer = answer(request);
            }
            send(exchange, answer.status, answer.contentType, answer.body);
        }
    }

    private Rule matchingRule(String path) {
        for (Rule rule : rules) {
            if (path.contains(rule.pathPart) && rule.remaining != 0) {
                if (rule.skip > 0) {
                    rule.skip--;
                    continue;
                }
                if (rule.remaining > 0) {
                    rule.remaining--;
                }
                return rule;
            }
        }
        return null;
    }

    private record Answer(int status, String contentType, String body) {
        static Answer ok(Object json) {
            return new Answer(200, "application/json", toJson(json));
        }

        static Answer error(int status, String code, String message) {
            return new Answer(status, "application/json", errorJson(code, message));
        }
    }

    private Answer answer(Request r) {
        if (requiredAuthorization != null && !requiredAuthorization.equals(r.authorization())) {
            return new Answer(401, "text/plain", "You are not authenticated. Please see "
                    + "https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to"
                    + " authenticate.");
        }
        String path = r.path();
        if (path.startsWith(ARTIFACTS)) {
            if (!r.method().equals("PUT")) {
                return htmlError(405, "Method Not Allowed");
            }
            artifacts.put(path.substring(ARTIFACTS.length()), r.body()); // getPath() is already decoded
            return Answer.ok(Map.of());
        }
        if (!path.startsWith(API)) {
            return htmlError(404, "Not Found");
        }
        String endpoint = path.substring(API.length());
        if (endpoint.equals("experiments/get-by-name")) {
            return r.method().equals("GET") ? getExperimentByName(r.query()) : htmlError(405, "Method Not Allowed");
        }
        if (endpoint.equals("runs/get") || endpoint.equals("metrics/get-history")) {
            if (!r.method().equals("GET")) {
                return htmlError(405, "Method Not Allowed");
            }
            try {
                return endpoint.equals("runs/get") ? getRun(parseQuery(r.query()))
                        : metricHistory(parseQuery(r.query()));
            } catch (BadRequest e) {
                return Answer.error(e.status, e.code, e.getMessage());
            }
        }
        if (!List.of("experiments/create", "runs/create", "runs/log-parameter", "runs/set-tag", "runs/log-metric",
                "runs/log-batch", "runs/update", "runs/search", "experiments/set-experiment-tag").contains(endpoint)) {
            return htmlError(404, "Not Found");
        }
        if (!r.method().equals("POST")) {
            return htmlError(405, "Method Not Allowed");
        }
        if (r.contentType() == null || !r.contentType().startsWith("application/json")) {
            return Answer.error(400, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type must be"
                    + " 'application/json'");
        }
        Optional<Map<String, Object>> json = Json.parseObject(r.bodyText());
        if (json.isEmpty()) {
            return Answer.error(400, "MALFORMED_REQUEST", "Malformed request body: not a JSON object");
        }
        try {
            switch (endpoint) {
                case "experiments/create": return createExperiment(json.get());
                case "runs/create": return createRun(json.get());
                case "runs/log-parameter": return logParam(json.get());
                case "runs/set-tag": return setTag(json.get());
                case "runs/log-metric": return logMetric(json.get());
                case "runs/log-batch": return logBatch(json.get());
                case "runs/search": return searchRuns(json.get());
                case "experiments/set-experiment-tag": return setExperimentTag(json.get());
                default: return updateRun(json.get());
            }
        } catch (BadRequest e) {
            return Answer.error(e.status, e.code, e.getMessage());
        }
    }

    private Answer getExperimentByName(String rawQuery) {
        Map<String, String> query = parseQuery(rawQuery);
        String name = query.get("experiment_name");
        if (name == null) {
            return Answer.error(400, "INVALID_PARAMETER_VALUE",
                    "Missing value for required parameter 'experiment_name'.");
        }
        return experimentByNameLocked(name)
                .map(exp -> Answer.ok(Map.of("experiment", exp)))
                .orElseGet(() -> Answer.error(404, "RESOURCE_DOES_NOT_EXIST",
                        "Could not find experiment with name '" + name + "'"));
    }

    private Answer createExperiment(Map<String, Object> req) {
        String name = requiredString(req, "name");
        if (experimentByNameLocked(name).isPresent()) {
            throw new BadRequest(400, "RESOURCE_ALREADY_EXISTS", "Experiment(name=" + name + ") already exists.");
        }
        String id = String.valueOf(nextExperimentId++);
        experiments.put(id, experimentJson(id, name, "active"));
        return Answer.ok(Map.of("experiment_id", id));
    }

    private Answer createRun(Map<String, Object> req) {
        String experimentId = requiredString(req, "experiment_id");
        Map<String, Object> exp = experiments.get(experimentId);
        if (exp == null) {
            throw new BadRequest(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
        }
        if (!"active".equals(exp.get("lifecycle_stage"))) {
            throw new BadRequest(400, "INVALID_STATE", "The experiment " + experimentId
                    + " must be in the 'active' state. Current state is deleted.");
        }
        Map<String, String> tags = keyValues(req.get("tags"), "tags");
        String runName = req.get("run_name") instanceof String ? (String) req.get("run_name") : null;
        String tagName = tags.get("mlflow.runName");
        if (runName != null && tagName != null && !runName.equals(tagName)) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Both 'run_name' argument and 'mlflow.runName'"
                    + " tag are specified, but with different values (run_name='" + runName
                    + "', mlflow.runName='" + tagName + "').");
        }
        if (runName == null) {
            runName = tagName != null ? tagName : "fake-run-" + (runs.size() + 1);
        }
        String runId = UUID.randomUUID().toString().replace("-", "");
        Run run = new Run(runId, experimentId, stringOr(req, "user_id", ""), longOr(req, "start_time", 0L));
        run.runName = runName;
        run.tags.putAll(tags);
        run.tags.put("mlflow.runName", runName);
        runs.put(runId, run);
        return Answer.ok(Map.of("run", runJson(run)));
    }

    private Answer logParam(Map<String, Object> req) {
        Run run = activeRun(req);
        putParam(run, requiredString(req, "key"), requiredString(req, "value"));
        return Answer.ok(Map.of());
    }

    private Answer setTag(Map<String, Object> req) {
        Run run = activeRun(req);
        run.tags.put(requiredString(req, "key"), requiredString(req, "value"));
        return Answer.ok(Map.of());
    }

    private Answer logMetric(Map<String, Object> req) {
        Run run = activeRun(req);
        run.metrics.add(metric(req));
        return Answer.ok(Map.of());
    }

    private Answer logBatch(Map<String, Object> req) {
        Run run = activeRun(req);
        List<Object> metrics = list(req.get("metrics"), "metrics");
        Map<String, String> params = keyValues(req.get("params"), "params");
        Map<String, String> tags = keyValues(req.get("tags"), "tags");
        int paramCount = list(req.get("params"), "params").size();
        int tagCount = list(req.get("tags"), "tags").size();
        if (metrics.size() > 1000) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000"
                    + " metrics. Got " + metrics.size() + " metrics.");
        }
        if (paramCount > 100) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 100"
                    + " params. Got " + paramCount + " params.");
        }
        if (tagCount > 100) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 100"
                    + " tags. Got " + tagCount + " tags.");
        }
        if (metrics.size() + paramCount + tagCount > 1000) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "The total number of metrics, params and tags in"
                    + " a batch logging request may not exceed 1000.");
        }
        List<Metric> parsed = new ArrayList<>();
        for (Object m : metrics) {
            parsed.add(metric(object(m, "metric")));
        }
        params.forEach((k, v) -> putParam(run, k, v));
        run.tags.putAll(tags);
        run.metrics.addAll(parsed);
        return Answer.ok(Map.of());
    }

    private Answer updateRun(Map<String, Object> req) {
        Run run = activeRun(req);
        if (req.get("status") instanceof String) {
            String status = (String) req.get("status");
            if (!List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
                throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Invalid value '" + status
                        + "' for parameter 'status'");
            }
            run.status = status;
        }
        if (req.containsKey("end_time")) {
            run.endTime = longOr(req, "end_time", 0L);
        }
        if (req.get("run_name") instanceof String) {
            run.runName = (String) req.get("run_name");
        }
        return Answer.ok(Map.of("run_info", runInfoJson(run)));
    }

    private Answer getRun(Map<String, String> query) {
        String id = query.containsKey("run_id") ? query.get("run_id") : query.get("run_uuid");
        if (id == null || id.isEmpty()) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'run_id'.");
        }
        Run run = runs.get(id);
        if (run == null) {
            throw new BadRequest(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found.");
        }
        return Answer.ok(Map.of("run", runJson(run)));
    }

    private Answer metricHistory(Map<String, String> query) {
        String id = query.containsKey("run_id") ? query.get("run_id") : query.get("run_uuid");
        String key = query.get("metric_key");
        if (id == null || key == null) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter '"
                    + (id == null ? "run_id" : "metric_key") + "'.");
        }
        Run run = runs.get(id);
        if (run == null) {
            throw new BadRequest(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found.");
        }
        int max = pageSize(query.get("max_results"), 25_000, 25_000);
        int offset = pageOffset(query.get("page_token"));
        List<Metric> all = run.metrics.stream().filter(m -> m.key().equals(key)).collect(Collectors.toList());
        List<Object> page = new ArrayList<>();
        for (Metric m : all.subList(Math.min(offset, all.size()), Math.min(offset + max, all.size()))) {
            page.add(metricJson(m));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            answer.put("metrics", page);
        }
        if (offset + max < all.size()) {
            answer.put("next_page_token", "offset-" + (offset + max));
        }
        return Answer.ok(answer);
    }

    private Answer searchRuns(Map<String, Object> req) {
        List<String> ids = new ArrayList<>();
        for (Object id : list(req.get("experiment_ids"), "experiment_ids")) {
            ids.add(String.valueOf(id));
        }
        Map<String, String> tagFilter = parseTagFilter(stringOr(req, "filter", ""));
        int max = pageSize(req.get("max_results") == null ? null : String.valueOf(req.get("max_results")), 1000,
                50_000);
        int offset = pageOffset(stringOr(req, "page_token", null));
        List<Run> matching = runs.values().stream()
                .filter(run -> ids.contains(run.experimentId))
                .filter(run -> tagFilter.entrySet().stream().allMatch(f -> f.getValue().equals(run.tags.get(f.getKey()))))
                .collect(Collectors.toList());
        List<Object> page = new ArrayList<>();
        for (Run run : matching.subList(Math.min(offset, matching.size()), Math.min(offset + max, matching.size()))) {
            page.add(runJson(run));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            answer.put("runs", page);
        }
        if (offset + max < matching.size()) {
            answer.put("next_page_token", "offset-" + (offset + max));
        }
        return Answer.ok(answer);
    }

    private Answer setExperimentTag(Map<String, Object> req) {
        String id = requiredString(req, "experiment_id");
        Map<String, Object> exp = experiments.get(id);
        if (exp == null) {
            throw new BadRequest(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + id + " exists");
        }
        Map<String, Object> updated = new LinkedHashMap<>(exp);
        List<Object> tags = new ArrayList<>((List<?>) exp.get("tags"));
        String key = requiredString(req, "key");
        tags.removeIf(t -> key.equals(((Map<?, ?>) t).get("key")));
        tags.add(Map.of("key", key, "value", stringOr(req, "value", "")));
        updated.put("tags", tags);
        experiments.put(id, updated);
        return Answer.ok(Map.of());
    }

    /** The subset of MLflow's search syntax the tests need: {@code tags.<key> = '<value>'} clauses joined by and. */
    private static Map<String, String> parseTagFilter(String filter) {
        Map<String, String> out = new LinkedHashMap<>();
        if (filter == null || filter.isBlank()) {
            return out;
        }
        Matcher m = Pattern.compile(
                "\\s*tags\\.(`[^`]+`|\"[^\"]+\"|[A-Za-z0-9_.]+)\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*(?i:and\\b|$)")
                .matcher(filter);
        int at = 0;
        while (at < filter.length() && m.find(at) && m.start() == at) {
            String key = m.group(1);
            if (key.startsWith("`") || key.startsWith("\"")) {
                key = key.substring(1, key.length() - 1);
            }
            out.put(key, m.group(2).replace("\\'", "'"));
            at = m.end();
        }
        if (at != filter.length()) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Invalid filter '" + filter + "'");
        }
        return out;
    }

    private static int pageSize(String text, int otherwise, int max) {
        if (text == null) {
            return otherwise;
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Invalid value " + text + " for 'max_results'");
        }
        if (n < 1 || n > max) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Invalid value " + n + " for parameter"
                    + " 'max_results' supplied. It must be at most " + max + ".");
        }
        return n;
    }

    private static int pageOffset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        if (!token.startsWith("offset-")) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Invalid page token");
        }
        return Integer.parseInt(token.substring("offset-".length()));
    }

    private static Map<String, Object> metricJson(Metric m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", m.key());
        json.put("value", m.value());
        json.put("timestamp", m.timestamp());
        json.put("step", m.step());
        return json;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Run activeRun(Map<String, Object> req) {
        Object id = req.containsKey("run_id") ? req.get("run_id") : req.get("run_uuid");
        if (!(id instanceof String)) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'run_id'.");
        }
        Run run = runs.get(id);
        if (run == null) {
            throw new BadRequest(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=" + id + " not found");
        }
        return run;
    }

    private static void putParam(Run run, String key, String value) {
        String old = run.params.get(key);
        if (old != null && !old.equals(value)) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Param with"
                    + " key='" + key + "' was already logged with value='" + old + "' for run ID='" + run.runId
                    + "'. Attempted logging new value '" + value + "'.");
        }
        run.params.put(key, value);
    }

    private static Metric metric(Map<String, Object> m) {
        String key = requiredString(m, "key");
        Object value = m.get("value");
        double v;
        if (value instanceof BigDecimal) {
            v = ((BigDecimal) value).doubleValue();
        } else if (value instanceof String) {
            v = Double.parseDouble((String) value); // "NaN", "Infinity", "-Infinity"
        } else {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'value'.");
        }
        if (!m.containsKey("timestamp")) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter"
                    + " 'timestamp'.");
        }
        return new Metric(key, v, longOr(m, "timestamp", 0L), longOr(m, "step", 0L));
    }

    private Optional<Map<String, Object>> experimentByNameLocked(String name) {
        return experiments.values().stream().filter(e -> name.equals(e.get("name"))).findFirst();
    }

    private static Map<String, Object> experimentJson(String id, String name, String stage) {
        Map<String, Object> exp = new LinkedHashMap<>();
        exp.put("experiment_id", id);
        exp.put("name", name);
        exp.put("artifact_location", "mlflow-artifacts:/" + id);
        exp.put("lifecycle_stage", stage);
        exp.put("last_update_time", 1_700_000_000_000L);
        exp.put("creation_time", 1_700_000_000_000L);
        exp.put("tags", List.of());
        return exp;
    }

    private static Map<String, Object> runJson(Run run) {
        List<Object> tags = new ArrayList<>();
        run.tags.forEach((k, v) -> tags.add(Map.of("key", k, "value", v)));
        List<Object> params = new ArrayList<>();
        run.params.forEach((k, v) -> params.add(Map.of("key", k, "value", v)));
        Map<String, Metric> latest = new LinkedHashMap<>();
        for (Metric m : run.metrics) {
            Metric old = latest.get(m.key());
            if (old == null || m.step() > old.step() || (m.step() == old.step() && m.timestamp() >= old.timestamp())) {
                latest.put(m.key(), m);
            }
        }
        List<Object> metrics = new ArrayList<>();
        latest.values().forEach(m -> metrics.add(metricJson(m)));
        Map<String, Object> data = new LinkedHashMap<>();
        if (!metrics.isEmpty()) {
            data.put("metrics", metrics);
        }
        if (!params.isEmpty()) {
            data.put("params", params);
        }
        data.put("tags", tags);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("info", runInfoJson(run));
        json.put("data", data);
        json.put("inputs", Map.of());
        return json;
    }

    private static Map<String, Object> runInfoJson(Run run) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("run_id", run.runId);
        info.put("run_uuid", run.runId);
        info.put("run_name", run.runName);
        info.put("experiment_id", run.experimentId);
        info.put("user_id", run.userId);
        info.put("status", run.status);
        info.put("start_time", run.startTime);
        if (run.endTime != null) {
            info.put("end_time", run.endTime);
        }
        info.put("artifact_uri", "mlflow-artifacts:/" + run.experimentId + "/" + run.runId + "/artifacts");
        info.put("lifecycle_stage", "active");
        return info;
    }

    private static Answer htmlError(int status, String title) {
        return new Answer(status, "text/html; charset=utf-8", "<!doctype html>\n<html lang=en>\n<title>" + status
                + " " + title + "</title>\n<h1>" + title + "</h1>\n<p>The requested URL was not found on the server."
                + "</p>\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String requiredString(Map<String, Object> req, String field) {
        Object v = req.get(field);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter '" + field
                    + "'.");
        }
        return (String) v;
    }

    private static String stringOr(Map<String, Object> req, String field, String otherwise) {
        Object v = req.get(field);
        return v instanceof String ? (String) v : otherwise;
    }

    /** An int64 field: proto3 JSON allows a number or a decimal string. */
    private static long longOr(Map<String, Object> req, String field, long otherwise) {
        Object v = req.get(field);
        try {
            if (v instanceof BigDecimal) {
                return ((BigDecimal) v).longValueExact();
            }
            if (v instanceof String) {
                return Long.parseLong((String) v);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Invalid value " + v + " for parameter '" + field
                    + "'");
        }
        return otherwise;
    }

    private static List<Object> list(Object v, String field) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Parameter '" + field + "' must be a list");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) v;
        return list;
    }

    private static Map<String, Object> object(Object v, String what) {
        if (!(v instanceof Map)) {
            throw new BadRequest(400, "INVALID_PARAMETER_VALUE", "Each " + what + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        return map;
    }

    private static Map<String, String> keyValues(Object v, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object item : list(v, field)) {
            Map<String, Object> kv = object(item, field + " entry");
            out.put(requiredString(kv, "key"), stringOr(kv, "value", ""));
        }
        return out;
    }

    static String errorJson(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error_code", code);
        error.put("message", message);
        return toJson(error);
    }

    /** Writes maps, lists, strings, numbers, booleans and null as JSON. */
    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            out.append('"');
            for (char c : ((String) value).toCharArray()) {
                switch (c) {
                    case '"': out.append("\\\""); break;
                    case '\\': out.append("\\\\"); break;
                    case '\n': out.append("\\n"); break;
                    case '\r': out.append("\\r"); break;
                    case '\t': out.append("\\t"); break;
                    default:
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                }
            }
            out.append('"');
        } else if (value instanceof Double && (((Double) value).isNaN() || ((Double) value).isInfinite())) {
            double d = (Double) value;
            write(out, Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"); // as MLflow's MessageToJson
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
        }
    }

    /** A request MLflow would reject. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        BadRequest(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}

/**
 * An embedded MLflow tracker that writes the file-store layout {@code mlflow ui --backend-store-uri file:./mlruns}
 * reads, with no MLflow server or client library:
 *
 * <pre>
 * mlruns/0/meta.yaml                      the Default experiment
 * mlruns/&lt;expId&gt;/meta.yaml                experiment (numeric id, quoted in the file)
 * mlruns/&lt;expId&gt;/tags/&lt;key&gt;               experiment tags
 * mlruns/&lt;expId&gt;/&lt;runId&gt;/meta.yaml        run (status as MLflow's integer code, end_time null while running)
 * mlruns/&lt;expId&gt;/&lt;runId&gt;/metrics/&lt;key&gt;  "&lt;timestamp_ms&gt; &lt;value&gt; &lt;step&gt;" lines, append-only
 * mlruns/&lt;expId&gt;/&lt;runId&gt;/params/&lt;key&gt;   immutable values, no trailing newline
 * mlruns/&lt;expId&gt;/&lt;runId&gt;/tags/&lt;key&gt;     mlflow.runName, mlflow.user, mlflow.source.*, mlflow.parentRunId, ...
 * mlruns/&lt;expId&gt;/&lt;runId&gt;/artifacts/     copied files; meta's artifact_uri is its absolute file:// URI
 * </pre>
 *
 * <p>{@link org.cram.experiments.tracking.FileStoreTracker} starts runs, {@link org.cram.experiments.tracking.FileStoreRun}
 * logs into one, {@link org.cram.experiments.tracking.FileStoreReader} reads experiments and runs back.
 * {@link org.cram.experiments.tracking.MlflowYaml} writes and reads the meta files,
 * {@link org.cram.experiments.tracking.MlflowKeys} checks keys and artifact paths,
 * {@link org.cram.experiments.tracking.MetricLines} formats metric lines, {@link org.cram.experiments.tracking.MlflowTags}
 * names the system tags.
 *
 * <p>A single malformed run hides its whole experiment in the MLflow UI, hence the invariants kept here: meta.yaml is
 * replaced atomically and always holds every key MLflow expects; metric files are never empty; run folders are named
 * by their run id; runs left open are marked FAILED by the tracker's {@code close()}, and FAILED or KILLED by its
 * JVM shutdown hook.
 * Experiment creation is serialised across threads and processes by a lock file in the store root
 * ({@code .cram-experiments.lock}), so two trackers asking for the same new name create one experiment.
 *
 * <p>Runs can also go to an MLflow tracking server: {@link org.cram.experiments.tracking.RestTracker} (built with
 * {@code RestTracker.builder(uri)}) and {@link org.cram.experiments.tracking.RestRun} use the MLflow Java client for
 * experiments, runs, params, tags and batched metrics ({@code runs/log-batch}), and upload artifacts with
 * {@code PUT /api/2.0/mlflow-artifacts/artifacts/...}. {@link org.cram.experiments.tracking.MlflowCredentials} holds
 * the server credentials, {@link org.cram.experiments.tracking.MlflowServerException} reports server failures.
 * {@link org.cram.experiments.tracking.TrackerFactory} picks the file store or the server from a URI (argument,
 * {@code MLFLOW_TRACKING_URI}, or {@code ./mlruns}).
 *
 * <p>The server going away does not stop training or lose data: a {@code RestRun} keeps what the server did not take
 * and the tracker's background sender ({@code SenderLoop}) retries it with jittered exponential back-off
 * ({@code Backoff}, {@code ServerOutage}). Run writes go through {@code RunApi}, one request per call (the Java
 * client repeats failed requests by itself); a metric batch whose outcome is unknown is checked against the server's
 * metric history before it is sent again ({@code MetricReconciler}), so every point arrives exactly once. A run cut
 * off too long, or ended with writes pending, is written whole to the local store under its server run id
 * ({@code LocalFallback}); {@link org.cram.experiments.tracking.MlflowSync} ({@code cram mlflow sync STORE URI})
 * uploads a local store to a server idempotently, completing such runs in place. Runs still open when the JVM shuts
 * down end KILLED after SIGINT/SIGTERM and FAILED otherwise ({@code InterruptSignals}).
 */
package org.cram.experiments.tracking;

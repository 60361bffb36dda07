package org.cram.experiments.tracking;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * The MLflow REST calls the {@link RestTracker} makes through the MLflow Java client (experiments and run creation),
 * each with a deadline and with failures turned into {@link MlflowServerException}s carrying the server's
 * {@code error_code} and {@code message}. Writes to runs go through {@link RunApi} instead, which never repeats a
 * request by itself.
 *
 * <p>The client sets no socket timeouts, so every call runs on a daemon worker thread and the caller waits at most
 * the request timeout (a call that hangs is abandoned on its thread). Note that the client itself repeats a request
 * that gets an error answer (any non-2xx, 404 included) up to three times in all, without back-off, and logs each
 * repeat with the server's answer at WARN; {@link #connect} turns that logger down to ERROR (see
 * {@link #CLIENT_LOG_LEVEL_PROPERTY}) because an answer may echo request headers, and the error reaches the caller in
 * the {@link MlflowServerException} anyway, with secrets redacted.
 */
final class MlflowRestCalls implements AutoCloseable {

    /**
     * slf4j-simple's level setting for the client's HTTP logger; set to {@code error} unless already set, so users
     * can still choose their own level.
     */
    static final String CLIENT_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.org.mlflow.tracking.MlflowHttpCaller";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final MlflowClient client;
    private final ServerErrors errors;
    private final Duration timeout;
    private final ExecutorService workers;

    MlflowRestCalls(MlflowClient client, ServerErrors errors, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "mlflow-rest-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A client for the server with these credentials (through {@link MlflowCredentials#hostCreds}). */
    static MlflowRestCalls connect(ServerErrors errors, MlflowCredentials credentials, Duration timeout) {
        if (System.getProperty(CLIENT_LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(CLIENT_LOG_LEVEL_PROPERTY, "error"); // read when the client's logger is created
        }
        MlflowClient client = new MlflowClient(credentials.hostCreds(errors.server().base()));
        return new MlflowRestCalls(client, errors, timeout);
    }

    /** The experiment of that name, if the server has one (active or deleted). */
    Optional<Service.Experiment> experimentByName(String name) {
        return call("lookup of experiment '" + name + "'", () -> client.getExperimentByName(name));
    }

    /** Creates an experiment and returns its id. */
    String createExperiment(String name) {
        return call("creation of experiment '" + name + "'", () -> client.createExperiment(name));
    }

    /** Creates a run and returns its info (run id, name, artifact URI). */
    Service.RunInfo createRun(Service.CreateRun request) {
        return call("creation of run '" + request.getRunName() + "' in experiment " + request.getExperimentId(),
                () -> client.createRun(request));
    }

    /** Stops the worker threads and closes the client's connections. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            client.close();
        } catch (RuntimeException e) {
            // nothing useful to do with a failure to close idle connections
        }
    }

    private <T> T call(String action, Supplier<T> request) {
        Future<T> future;
        try {
            future = workers.submit(request::get);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the tracker for " + errors.server() + " is closed; cannot do " + action);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw errors.timeout(action, timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw errors.interrupted(action);
        } catch (ExecutionException e) {
            throw translate(action, e.getCause());
        }
    }

    private MlflowServerException translate(String action, Throwable failure) {
        if (failure instanceof MlflowHttpException) {
            MlflowHttpException http = (MlflowHttpException) failure;
            return errors.answer(action, http.getStatusCode(), http.getBodyMessage());
        }
        if (failure instanceof MlflowClientException && failure.getCause() instanceof IOException) {
            return errors.noAnswer(action, (IOException) failure.getCause());
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure instanceof RuntimeException) {
            return errors.other(action, (RuntimeException) failure);
        }
        return errors.other(action, new IllegalStateException(String.valueOf(failure)));
    }
}

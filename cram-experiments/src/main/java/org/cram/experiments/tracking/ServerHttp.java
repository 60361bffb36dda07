package org.cram.experiments.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * Plain HTTP requests to an MLflow server with {@code java.net.http} (the server probe and artifact uploads, which
 * the MLflow Java client cannot do): HTTP/1.1, no redirects followed, a connect timeout, and the credentials'
 * {@code Authorization} header on every request. Failures become {@link MlflowServerException}s.
 */
final class ServerHttp {

    static final String USER_AGENT = "cram-experiments-mlflow";

    private final ServerErrors errors;
    private final MlflowCredentials credentials;
    private final HttpClient client;

    ServerHttp(ServerErrors errors, MlflowCredentials credentials, Duration connectTimeout) {
        this.errors = Objects.requireNonNull(errors, "errors");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    ServerErrors errors() {
        return errors;
    }

    /** A request to {@code base + pathAndQuery} with the credentials and a deadline for the whole exchange. */
    HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        URI uri = errors.server().resolve(pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT);
        credentials.authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    /**
     * Sends a request and returns the answer whatever its status.
     *
     * @param action what is being done, for messages (e.g. "upload of artifact model.bin")
     * @throws MlflowServerException if there was no answer, none within the request's timeout, or the thread was
     *                               interrupted
     */
    HttpResponse<String> send(HttpRequest request, String action) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException || request.timeout().isEmpty()) {
                throw errors.noAnswer(action, e);
            }
            throw errors.timeout(action, request.timeout().get());
        } catch (IOException e) {
            throw errors.noAnswer(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.interrupted(action);
        }
    }
}

package org.cram.experiments.tracking;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Uploads files into a run's artifacts through the server's proxied artifact service, as MLflow's own
 * {@code mlflow-artifacts:} repository does: {@code PUT <server>/api/2.0/mlflow-artifacts/artifacts/<path>} with the
 * file as body. The MLflow Java client cannot do this (its {@code logArtifact} runs Python).
 */
final class ArtifactUploader {

    static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts/";
    private static final String SCHEME = "mlflow-artifacts:";

    private final ServerHttp http;
    private final Duration timeout;

    ArtifactUploader(ServerHttp http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The artifact-service path of a run's artifact root: the path of its {@code mlflow-artifacts:} artifact URI, or
     * {@code <expId>/<runId>/artifacts} (MLflow's default layout) for any other URI.
     */
    static String runArtifactRoot(String artifactUri, String experimentId, String runId) {
        if (artifactUri != null && artifactUri.startsWith(SCHEME)) {
            String rest = artifactUri.substring(SCHEME.length());
            if (rest.startsWith("//")) { // mlflow-artifacts://host:port/path
                int slash = rest.indexOf('/', 2);
                rest = slash < 0 ? "" : rest.substring(slash);
            }
            String path = MlflowKeys.validateArtifactPath(rest.replaceFirst("^/+", ""));
            if (!path.isEmpty()) {
                return path;
            }
        }
        return experimentId + "/" + runId + "/artifacts";
    }

    /**
     * Uploads one regular file to {@code <root>/<folder>/<file name>}.
     *
     * @param root        {@link #runArtifactRoot}
     * @param folder      normalised relative folder ("" for the artifacts root)
     * @param artifactUri the run's artifact URI, to explain a server without artifact serving
     */
    void upload(Path file, String root, String folder, String artifactUri) {
        String relative = (folder.isEmpty() ? "" : folder + "/") + file.getFileName();
        String action = "upload of artifact '" + relative + "' (PUT " + ARTIFACTS_API + root + "/" + relative + ")";
        String contentType = URLConnection.guessContentTypeFromName(file.getFileName().toString());
        HttpRequest request;
        try {
            request = http.request(encodePath(ARTIFACTS_API + root + "/" + relative), timeout)
                    .header("Content-Type", contentType == null ? "application/octet-stream" : contentType)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read artifact " + file, e);
        }
        HttpResponse<String> answer = http.send(request, action);
        int status = answer.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        MlflowServerException error = http.errors().answer(action, status, answer.body());
        if (status == 404 && error.errorCode().isEmpty()) {
            throw new MlflowServerException(error.getMessage() + "; the server does not seem to serve artifacts"
                    + " (run artifact_uri is '" + artifactUri + "'): start it without --no-serve-artifacts",
                    status, "", null);
        }
        throw error;
    }

    /** Percent-encodes what a URI path cannot hold (spaces, {@code ?}, {@code #}, {@code %}, non-ASCII). */
    static String encodePath(String path) {
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot encode artifact path '" + path + "': " + e.getReason());
        }
    }
}

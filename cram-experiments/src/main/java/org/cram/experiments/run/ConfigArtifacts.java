package org.cram.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.cram.api.track.TrackedRun;
import org.cram.experiments.tracking.SecretRedactor;

/**
 * Logs how an invocation was configured, so a run can be reproduced from MLflow alone: the config file as an
 * artifact (same file name) and the {@code --set} overrides as the param {@value #OVERRIDES_PARAM}, both passed
 * through a {@link SecretRedactor} first, so no credential reaches the tracking store.
 */
public final class ConfigArtifacts {

    /** Param holding the space-separated overrides. */
    public static final String OVERRIDES_PARAM = "overrides";

    private ConfigArtifacts() {
    }

    /** Logs the redacted config file (if any) and overrides (if any) of {@code options} to {@code run}. */
    public static void log(TrackedRun run, RunOptions options, SecretRedactor redactor) {
        options.configFile().ifPresent(f -> logRedacted(run, f, redactor));
        if (!options.overrides().isEmpty()) {
            run.logParam(OVERRIDES_PARAM, options.overrides().stream().map(redactor::override)
                    .collect(Collectors.joining(" ")));
        }
    }

    private static void logRedacted(TrackedRun run, Path configFile, SecretRedactor redactor) {
        try {
            String redacted = redactor.yaml(Files.readString(configFile, StandardCharsets.UTF_8));
            Path dir = Files.createTempDirectory("cram-config");
            Path copy = dir.resolve(configFile.getFileName().toString());
            try {
                Files.writeString(copy, redacted, StandardCharsets.UTF_8);
                run.logArtifact(copy, "");
            } finally {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log config file " + configFile + " as an artifact", e);
        }
    }
}

package org.cram.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.cram.api.track.RunTracker;
import org.cram.experiments.run.RunContext;
import org.cram.experiments.tracking.SecretRedactor;
import org.cram.experiments.tracking.TrackerFactory;

/**
 * Binds the run tracker, opened when first injected (so an unreachable server fails before any training). Where
 * runs go, first match wins: an explicit tracking URI ({@code --tracking-uri}), the environment's
 * MLFLOW_TRACKING_URI, the config's {@code tracking.store} folder. Credentials come from the environment
 * (MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME/PASSWORD) or a file the user names; the
 * {@link SecretRedactor} bound here knows both, so the config runs log is redacted.
 */
public final class TrackingModule extends AbstractModule {
    private final Optional<String> explicitUri;
    private final Path configStore;
    private final Map<String, String> environment;
    private final Optional<Path> credentialsFile;

    /** Tracking to the config's store folder unless the process environment names a server. */
    public TrackingModule(Path configStore) {
        this(Optional.empty(), configStore, System.getenv(), Optional.empty());
    }

    public TrackingModule(Optional<String> explicitUri, Path configStore, Map<String, String> environment,
                          Optional<Path> credentialsFile) {
        this.explicitUri = explicitUri;
        this.configStore = configStore;
        this.environment = Map.copyOf(environment);
        this.credentialsFile = credentialsFile;
    }

    @Provides
    @Singleton
    RunTracker tracker() {
        TrackerFactory factory = TrackerFactory.forEnvironment(environment).withDefaultTags(RunContext.tags());
        if (explicitUri.isPresent()) {
            factory = factory.withUri(explicitUri.get());
        } else if (!environment.containsKey(TrackerFactory.TRACKING_URI)) {
            factory = factory.withUri(configStore.toString());
        }
        if (credentialsFile.isPresent()) {
            factory = factory.withCredentialsFile(credentialsFile.get());
        }
        return factory.open();
    }

    /** Redacts what runs log about the config, knowing the same credentials the tracker reads. */
    @Provides
    @Singleton
    SecretRedactor redactor() {
        return SecretRedactor.forInvocation(environment, credentialsFile);
    }
}

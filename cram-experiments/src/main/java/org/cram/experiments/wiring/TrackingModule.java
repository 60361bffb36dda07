package org.cram.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.cram.api.track.RunTracker;
import org.cram.experiments.run.RunContext;
import org.cram.experiments.tracking.FileStoreTracker;

/** Binds the run tracker: the embedded MLflow file store at a folder, opened when first injected. */
public final class TrackingModule extends AbstractModule {
    private final Path store;

    public TrackingModule(Path store) {
        this.store = store;
    }

    @Provides
    @Singleton
    RunTracker tracker() {
        return FileStoreTracker.open(store, RunContext.tags());
    }
}

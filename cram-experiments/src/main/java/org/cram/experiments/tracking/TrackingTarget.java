package org.cram.experiments.tracking;

import java.nio.file.Path;
import java.util.Objects;

/** Where a {@link TrackerFactory} sends runs: an embedded file store folder or an MLflow tracking server. */
public sealed interface TrackingTarget {

    /** An MLflow file store at {@code root} (absolute), written by {@link FileStoreTracker}. */
    record FileStore(Path root) implements TrackingTarget {
        public FileStore {
            Objects.requireNonNull(root, "root");
        }
    }

    /** An MLflow tracking server at {@code uri} ({@code http(s)://host[:port][/prefix]}), for {@link RestTracker}. */
    record Server(String uri) implements TrackingTarget {
        public Server {
            Objects.requireNonNull(uri, "uri");
        }
    }
}

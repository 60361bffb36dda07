package org.cram.experiments.tracking;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the runs of one {@link RestTracker} share: the server's requests, its outage state, the artifact spool, the
 * local fallback store, where notices go, and the delivery settings.
 *
 * @param api            run requests sent exactly once per call
 * @param uploader       artifact uploads
 * @param outage         the server's reachability, shared by all runs
 * @param spool          copies of artifacts whose upload waits
 * @param fallback       the local store for runs the server does not take
 * @param notices        prints a message for the user (outages, fallbacks)
 * @param clock          timestamps of metrics and run ends
 * @param finalRetry     how long {@link RestRun#end} keeps retrying before it falls back to the local store
 * @param outageDeadline how long an outage may last before open runs fall back to the local store
 * @param backoffs       fresh back-off sequences (for the final retry)
 * @param wake           asks the tracker's sender for a delivery pass
 * @param server         the server's base URI, for messages
 */
record RestRunContext(RunApi api, ArtifactUploader uploader, ServerOutage outage, ArtifactSpool spool,
                      LocalFallback fallback, Consumer<String> notices, Clock clock, Duration finalRetry,
                      Duration outageDeadline, Supplier<Backoff> backoffs, Runnable wake, String server) {
}

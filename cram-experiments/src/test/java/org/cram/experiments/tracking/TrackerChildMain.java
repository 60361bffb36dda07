package org.cram.experiments.tracking;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A separate JVM for {@link FileStoreTrackerProcessTest}.
 * <ul>
 *   <li>{@code crash <root>}: starts a run, prints "expId runId" and exits without ending it;</li>
 *   <li>{@code experiment <root> <name> <startAtEpochMs>}: waits until the given instant, then prints the id of the
 *   named experiment (created if missing).</li>
 * </ul>
 */
public final class TrackerChildMain {

    private TrackerChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args[1]);
        FileStoreTracker tracker = new FileStoreTracker(root, Clock.systemUTC(), "child", "child", Map.of());
        switch (args[0]) {
            case "crash" -> {
                FileStoreRun run = tracker.startRun("crash", "crashing");
                run.logMetric("loss", 1.0, 0);
                System.out.println(run.experimentId() + " " + run.runId());
                System.out.flush();
                System.exit(3); // no end(), no close(): only the shutdown hook can mark the run
            }
            case "experiment" -> {
                long startAt = Long.parseLong(args[3]);
                while (System.currentTimeMillis() < startAt) {
                    Thread.sleep(1);
                }
                System.out.println(tracker.experimentId(args[2]));
                tracker.close();
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}

package org.cram.experiments.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.cram.api.track.RunStatus;

/**
 * A separate JVM for {@link FileStoreTrackerProcessTest}.
 * <ul>
 *   <li>{@code crash <root>}: starts a run, prints "expId runId" and exits without ending it;</li>
 *   <li>{@code experiment <root> <name> <startAtEpochMs>}: waits until the given instant, then prints the id of the
 *   named experiment (created if missing);</li>
 *   <li>{@code runs <root> <count> <startAtEpochMs>}: waits until the given instant, then writes {@code count}
 *   complete runs (params, tags, metrics, an artifact) into experiment "shared" and prints "done";</li>
 *   <li>{@code wait <root>}: starts a run, prints "expId runId" and waits (at most a minute) to be killed;</li>
 *   <li>{@code churn <root>}: writes complete runs into experiment "churn" without pause (at most a minute),
 *   printing "started" after the first, to be killed mid-write;</li>
 *   <li>{@code wait-rest <serverUri> <fallbackRoot>}: the same with a run on an MLflow server; prints the run id.</li>
 * </ul>
 */
public final class TrackerChildMain {

    private static final long MAX_WAIT_MS = 60_000;

    private TrackerChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("wait-rest")) {
            RestTracker rest = RestTracker.builder(args[1]).user("child").sourceName("child")
                    .fallbackStore(Path.of(args[2])).open();
            RestRun run = rest.startRun("interrupted", "waiting");
            run.logMetric("loss", 1.0, 0);
            run.flush();
            System.out.println(run.runId());
            System.out.flush();
            Thread.sleep(MAX_WAIT_MS); // until SIGTERM; the shutdown hook must mark the run KILLED
            return;
        }
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
            case "runs" -> {
                long startAt = Long.parseLong(args[3]);
                while (System.currentTimeMillis() < startAt) {
                    Thread.sleep(1);
                }
                for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                    FileStoreRun run = tracker.startRun("shared", "run " + i);
                    run.logParam("index", String.valueOf(i));
                    run.setTag("phase/train", "yes");
                    for (int step = 0; step < 20; step++) {
                        run.logMetric("loss", 1.0 / (step + 1), step);
                        run.logMetric("eval/accuracy", step / 20.0, step);
                    }
                    try {
                        Path artifact = Files.createTempFile("artifact", ".txt");
                        Files.writeString(artifact, "run " + i);
                        run.logArtifact(artifact, "notes");
                        Files.delete(artifact);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    run.end(RunStatus.FINISHED);
                }
                System.out.println("done");
                tracker.close();
            }
            case "wait" -> {
                FileStoreRun run = tracker.startRun("interrupted", "waiting");
                run.logMetric("loss", 1.0, 0);
                System.out.println(run.experimentId() + " " + run.runId());
                System.out.flush();
                Thread.sleep(MAX_WAIT_MS); // until SIGTERM; the shutdown hook must mark the run KILLED
            }
            case "churn" -> {
                long until = System.currentTimeMillis() + MAX_WAIT_MS;
                for (int i = 0; System.currentTimeMillis() < until; i++) {
                    FileStoreRun run = tracker.startRun("churn", "run " + i);
                    run.logParam("index", String.valueOf(i));
                    run.setTag("phase", "train");
                    run.logMetric("loss", 1.0 / (i + 1), i);
                    run.setTag("phase", "done");
                    run.end(RunStatus.FINISHED);
                    if (i == 0) {
                        System.out.println("started");
                        System.out.flush();
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}

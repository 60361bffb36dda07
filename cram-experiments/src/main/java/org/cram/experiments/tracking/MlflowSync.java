package org.cram.experiments.tracking;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cram.api.track.RunStatus;
import org.mlflow.api.proto.Service;

/**
 * Uploads a local MLflow file store ({@code ./mlruns}, written by {@link FileStoreTracker} or by a {@link RestRun}
 * whose server went away) to an MLflow tracking server: {@code cram mlflow sync STORE URI}.
 *
 * <p>Experiments are matched by name (created if missing, with their tags). Runs keep their name, user, status,
 * start and end time, params, tags, every metric point with its timestamp and step, and their artifact files;
 * nested runs keep their parent link (the local parent id is replaced by the parent's id on the server, parents are
 * uploaded first). Each uploaded run is tagged {@value #SOURCE_RUN_ID_TAG} with its local run id.
 *
 * <p>Idempotent: running it twice creates nothing twice. A run the server already has (same run id, or tagged with
 * the local id) and that has ended there is skipped; one that has not ended (a sync interrupted half-way, or a run
 * that fell back to the local store during an outage) is completed without duplicates (see {@link RunSyncer}); the
 * status is always sent last. If the server cannot be reached, the sync stops and says so: running the same command
 * again completes it.
 */
public final class MlflowSync {

    /** Tag on every uploaded run: the id of the local run it came from. */
    public static final String SOURCE_RUN_ID_TAG = "cram.sync.source_run_id";

    /** Exit code: everything is on the server. */
    public static final int EXIT_OK = 0;
    /** Exit code: some runs failed or the server could not be reached; running again completes what it can. */
    public static final int EXIT_INCOMPLETE = 1;
    /** Exit code: bad arguments (no such store or experiment, not an http(s) URI, bad credentials settings). */
    public static final int EXIT_USAGE = 2;

    private static final int MAX_PARENT_DEPTH = 100;

    private final RestTracker tracker;
    private final PrintStream out;

    /**
     * @param tracker an open tracker on the target server (its client, credentials, timeouts and uploads are used;
     *                the caller closes it)
     * @param out     where progress lines go
     */
    public MlflowSync(RestTracker tracker, PrintStream out) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * {@code cram mlflow sync STORE URI}: uploads every experiment of the store. Credentials and
     * {@value RestTracker#ALLOW_INSECURE_CREDENTIALS} come from {@code env} as for {@link TrackerFactory}. Never
     * throws for bad input or an unreachable server: the reason is printed and the exit code tells.
     *
     * @param store the local file store (e.g. {@code ./mlruns})
     * @param uri   the tracking server, {@code http(s)://host:port}
     * @param env   the environment ({@code System.getenv()} in programs) with the server credentials
     * @param out   where progress, the summary and errors go
     * @return {@link #EXIT_OK}, {@link #EXIT_INCOMPLETE} or {@link #EXIT_USAGE}
     */
    public static int run(Path store, String uri, Map<String, String> env, PrintStream out) {
        return run(store, uri, Optional.empty(), env, out);
    }

    /**
     * Like {@link #run(Path, String, Map, PrintStream)}, for one experiment (by name) if given.
     *
     * @param store          the local file store (e.g. {@code ./mlruns})
     * @param uri            the tracking server, {@code http(s)://host:port}
     * @param experimentName the one experiment to upload, or empty for all
     * @param env            the environment with the server credentials
     * @param out            where progress, the summary and errors go
     * @return {@link #EXIT_OK}, {@link #EXIT_INCOMPLETE} or {@link #EXIT_USAGE}
     */
    public static int run(Path store, String uri, Optional<String> experimentName, Map<String, String> env,
                          PrintStream out) {
        RestTracker target;
        try {
            checkStore(store);
            target = RestTracker.builder(uri)
                    .credentials(MlflowCredentials.fromEnvironment(env))
                    .allowInsecureCredentials(RestTracker.flag(env, RestTracker.ALLOW_INSECURE_CREDENTIALS))
                    .notices(out)
                    .open();
        } catch (IllegalArgumentException e) {
            out.println("cram mlflow sync: " + e.getMessage());
            return EXIT_USAGE;
        } catch (MlflowServerException e) {
            out.println("cram mlflow sync: " + e.getMessage() + "; nothing was uploaded");
            return EXIT_INCOMPLETE;
        }
        try (target) {
            SyncReport report = new MlflowSync(target, out).sync(store, experimentName);
            return report.isComplete() ? EXIT_OK : EXIT_INCOMPLETE;
        } catch (IllegalArgumentException e) {
            out.println("cram mlflow sync: " + e.getMessage());
            return EXIT_USAGE;
        } catch (UncheckedIOException e) {
            out.println("cram mlflow sync: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return EXIT_INCOMPLETE;
        }
    }

    /**
     * Uploads all experiments of the store, or only the named one. Runs that fail are reported and skipped; if the
     * server cannot be reached the sync stops (the report says {@linkplain SyncReport#interrupted() interrupted}).
     *
     * @param store          the local file store
     * @param experimentName the one experiment to upload, or empty for all
     * @return what was done
     * @throws IllegalArgumentException if the store is not an MLflow file store or has no experiment of that name
     */
    public SyncReport sync(Path store, Optional<String> experimentName) {
        checkStore(store);
        FileStoreReader reader = new FileStoreReader(store);
        List<FileStoreReader.ExperimentInfo> experiments = new ArrayList<>(reader.experiments());
        if (experimentName.isPresent()) {
            experiments.removeIf(e -> !e.name().equals(experimentName.get()));
            if (experiments.isEmpty()) {
                throw new IllegalArgumentException("no experiment named '" + experimentName.get() + "' in " + store
                        + "; it has " + reader.experiments().stream().map(e -> "'" + e.name() + "'").toList());
            }
        }
        RestRunContext ctx = tracker.context();
        RunSyncer syncer = new RunSyncer(ctx.api(), ctx.uploader(), reader);
        Counts counts = new Counts();
        out.println("Syncing " + reader.root() + " to " + tracker.serverUri());

        Map<String, String> serverExperiments = new HashMap<>();
        List<LocalRun> runs = new ArrayList<>();
        for (FileStoreReader.ExperimentInfo e : experiments) {
            for (FileStoreReader.RunInfo run : reader.runs(e.experimentId())) {
                if (!"deleted".equals(run.lifecycleStage())) {
                    runs.add(new LocalRun(e, run, reader.tags(e.experimentId(), run.runId())
                            .get(MlflowTags.PARENT_RUN_ID)));
                }
            }
        }
        Map<String, String> serverIds = new HashMap<>();
        Map<String, String> experimentProblems = new HashMap<>();
        try {
            for (LocalRun local : parentsFirst(runs)) {
                String name = local.experiment.name();
                String serverExperiment = serverExperiments.get(name);
                if (serverExperiment == null && !experimentProblems.containsKey(name)) {
                    try {
                        serverExperiment = experiment(reader, local.experiment, counts);
                        serverExperiments.put(name, serverExperiment);
                    } catch (MlflowServerException e) {
                        if (e.isTransient()) {
                            throw e;
                        }
                        experimentProblems.put(name, e.getMessage());
                    } catch (IllegalStateException e) {
                        experimentProblems.put(name, e.getMessage());
                    }
                }
                if (serverExperiment == null) {
                    String label = label(local);
                    counts.failed(label + ": " + experimentProblems.get(name));
                    out.println("  FAILED " + label + ": " + experimentProblems.get(name));
                    continue;
                }
                syncRun(syncer, local, serverExperiment, serverIds, counts);
            }
        } catch (MlflowServerException e) {
            counts.interrupted = true;
            counts.problems.add(e.getMessage());
            out.println("Stopped: " + e.getMessage() + ". Run the same command again to complete the sync; nothing"
                    + " will be sent twice.");
        }
        SyncReport report = counts.report();
        out.println((report.isComplete() ? "Done: " : "Incomplete: ") + report.summary());
        return report;
    }

    private void syncRun(RunSyncer syncer, LocalRun local, String serverExperiment, Map<String, String> serverIds,
                         Counts counts) {
        FileStoreReader.RunInfo run = local.run;
        String label = label(local);
        RunSyncer.Result result;
        try {
            result = syncer.sync(run, serverExperiment, serverIds);
        } catch (MlflowServerException e) {
            if (e.isTransient()) {
                throw e;
            }
            counts.failed(label + ": " + e.getMessage());
            out.println("  FAILED " + label + ": " + e.getMessage());
            return;
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            counts.failed(label + ": " + e.getMessage());
            out.println("  FAILED " + label + ": " + e.getMessage());
            return;
        }
        serverIds.put(run.runId(), result.serverRunId());
        counts.add(result);
        switch (result.outcome()) {
            case SKIPPED -> out.println("  already there: " + label + " as " + result.serverRunId());
            case CREATED, COMPLETED -> out.println("  " + (result.outcome() == RunSyncer.Outcome.CREATED
                    ? "created" : "completed") + ": " + label + " as " + result.serverRunId() + " ("
                    + result.metrics() + " metric values, " + result.params() + " params, " + result.tags()
                    + " tags, " + result.artifacts() + " artifacts)"
                    + (run.status() == RunStatus.RUNNING ? "; still RUNNING here, so left RUNNING there" : ""));
            default -> throw new IllegalStateException(String.valueOf(result.outcome()));
        }
    }

    private static String label(LocalRun local) {
        return "run " + local.run.runId() + " '" + local.run.runName() + "' (experiment '" + local.experiment.name()
                + "')";
    }

    /** The server id of the experiment of that name (created if missing), with the local experiment tags set. */
    private String experiment(FileStoreReader reader, FileStoreReader.ExperimentInfo local, Counts counts) {
        Optional<Service.Experiment> existing = tracker.calls().experimentByName(local.name());
        boolean active = existing.isPresent() && !"deleted".equals(existing.get().getLifecycleStage());
        String id = active ? existing.get().getExperimentId() : tracker.experimentId(local.name()); // creates it
        Map<String, String> serverTags = new LinkedHashMap<>();
        if (existing.isPresent()) {
            existing.get().getTagsList().forEach(t -> serverTags.put(t.getKey(), t.getValue()));
        } else {
            counts.experimentsCreated++;
            out.println("  created experiment '" + local.name() + "' (" + id + ")");
        }
        reader.experimentTags(local.experimentId()).forEach((key, value) -> {
            if (!value.equals(serverTags.get(key))) {
                tracker.context().api().setExperimentTag(id, key, value);
                counts.tags++;
            }
        });
        return id;
    }

    /** Runs ordered so that every parent in the store comes before its children (a stable sort by depth). */
    private static List<LocalRun> parentsFirst(List<LocalRun> runs) {
        Map<String, LocalRun> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.run.runId(), r));
        List<LocalRun> ordered = new ArrayList<>(runs);
        Map<LocalRun, Integer> depth = new HashMap<>();
        for (LocalRun r : runs) {
            int d = 0;
            for (LocalRun p = byId.get(r.parent); p != null && d < MAX_PARENT_DEPTH; p = byId.get(p.parent)) {
                d++;
            }
            depth.put(r, d);
        }
        ordered.sort((a, b) -> Integer.compare(depth.get(a), depth.get(b)));
        return ordered;
    }

    private static void checkStore(Path store) {
        if (store == null || !Files.isDirectory(store)) {
            throw new IllegalArgumentException("no MLflow store at " + store + " (expected a folder like ./mlruns)");
        }
        if (new FileStoreReader(store).experiments().isEmpty()) {
            throw new IllegalArgumentException(store.toAbsolutePath() + " is not an MLflow file store: it has no"
                    + " experiment folder with a meta.yaml");
        }
    }

    /** A local run with its experiment and its parent run id (or {@code null}). */
    private record LocalRun(FileStoreReader.ExperimentInfo experiment, FileStoreReader.RunInfo run, String parent) {
    }

    /** Running totals of a sync. */
    private static final class Counts {
        int experimentsCreated;
        int runsCreated;
        int runsCompleted;
        int runsSkipped;
        int runsFailed;
        long metrics;
        int params;
        int tags;
        int artifacts;
        boolean interrupted;
        final List<String> problems = new ArrayList<>();

        void add(RunSyncer.Result r) {
            switch (r.outcome()) {
                case CREATED -> runsCreated++;
                case COMPLETED -> runsCompleted++;
                default -> runsSkipped++;
            }
            metrics += r.metrics();
            params += r.params();
            tags += r.tags();
            artifacts += r.artifacts();
        }

        void failed(String problem) {
            runsFailed++;
            problems.add(problem);
        }

        SyncReport report() {
            return new SyncReport(experimentsCreated, runsCreated, runsCompleted, runsSkipped, runsFailed, metrics,
                    params, tags, artifacts, interrupted, problems);
        }
    }
}

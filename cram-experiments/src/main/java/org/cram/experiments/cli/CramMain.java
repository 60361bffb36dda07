package org.cram.experiments.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cram.api.platform.CpuBackendVariant;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.data.DataFileException;
import org.cram.experiments.run.ResultTable;
import org.cram.experiments.run.RunOptions;
import org.cram.experiments.run.ExperimentLauncher;
import org.cram.experiments.wiring.TrackingModule;

/**
 * The command line: {@code cram run|sweep|finetune|transfer CONFIG [--set key=value]... [--quiet]}, and the
 * commands of {@link #USAGE}. Validates the whole config before any
 * work, builds the Guice injector from it, runs the experiment and prints the result table.
 */
public final class CramMain {
    static final String USAGE = """
            usage: cram run CONFIG.yaml [--set key.path=value]... [--quiet] [--resume] [--checkpoints DIR]
                            [--tracking-uri URI] [--credentials FILE]
                   cram sweep CONFIG.yaml [options]      one-shot sweep of the models `run` trained (from checkpoints)
                   cram finetune CONFIG.yaml [options]   sparse fine-tuning of the models `run` trained
                   cram transfer CONFIG.yaml [options]   sparse transfer of the models `run` trained to the
                                                         config's transfer task (masks fixed, new head if needed)
                   cram bench [--models a,b] [--reps N] [--warmup N] [--soak N] [--no-topk]
                              [--allocator-ablation]     step times SGD vs CrAM+, peak memory, tracking cost,
                                                         memory growth over N soak steps, global Top-K over
                                                         25.5M floats; PyTorch side by side when available;
                                                         --allocator-ablation: ours also with glibc's default
                                                         malloc settings
                   cram bench --profile MODEL [--reps N]  native time per op of a CrAM+ step
                   cram reproduce [SUITE.yaml...] [--smoke] [--report-only] [--out DIR] [--store DIR]
                                  [--checkpoints DIR]    the paper's tables at small scale: tune on a validation
                                                         split, run every config per seed, write OUT/<table>/
                                                         report.md (default: every results/suites/*.yaml into
                                                         results/; --smoke: a tiny version into smoke-results/;
                                                         --report-only: rewrite the reports from the recorded
                                                         results and the store, e.g. after editing discussion.md)
                   cram mlflow sync STORE URI            upload a local mlruns store to a tracking server;
                                                         idempotent: running it again creates nothing twice
                   cram mlflow repair STORE              mark FAILED the runs left RUNNING by a killed writer
                   cram compressors      list the registered compressors
                   cram help

              run          train every model with every optimizer arm of CONFIG, then sweep one-shot pruning,
                           then fine-tune and transfer sparse if CONFIG has finetune / transfer sections;
                           runs are tracked in the MLflow file store named by tracking.store (default ./mlruns)
              --set        override a config value, e.g. --set training.epochs=1 --set optimizers.cram.rho=0.1
              --quiet      print only the final table (for CI)
              --tracking-uri  an MLflow tracking server (http://host:5000) or store folder; default: the
                           MLFLOW_TRACKING_URI environment variable, else the config's tracking.store
              --credentials   a file of KEY=VALUE lines (MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and
                           MLFLOW_TRACKING_PASSWORD); by default they are read from the environment
              --resume     continue every arm from its newest checkpoint (written after each epoch under
                           --checkpoints DIR, default ./checkpoints/<experiment>/<model>/<arm>)

            Look at the runs with:  mlflow ui --backend-store-uri ./mlruns
            (MLflow 3.13+: MLFLOW_ALLOW_FILE_STORE=true mlflow ui ..., or mlflow migrate-filestore to sqlite)
            """;

    private CramMain() {
    }

    /** Commands that train or time training steps, and so run slowly with glibc's default malloc settings. */
    private static final java.util.Set<String> TRAINING_COMMANDS = java.util.Set.of("run", "sweep", "finetune",
            "transfer", "reproduce", "bench");

    public static void main(String[] args) {
        CpuBackendVariant.selectForThisMachine(); // before anything loads ND4J
        if (args.length > 0 && TRAINING_COMMANDS.contains(args[0])) {
            org.cram.experiments.platform.AllocatorEnvironment.current().slowAllocatorWarning()
                    .ifPresent(System.err::println);
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code (0 ok, 1 failure, 2 bad usage or config). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        CompressorRegistry registry = CompressorRegistry.standard();
        switch (args[0]) {
            case "compressors" -> {
                registry.providers().forEach((name, p) -> out.printf(Locale.ROOT, "%-20s %s%n", name,
                        p.description()));
                return 0;
            }
            case "run" -> {
                return runExperiment(args, registry, out, err, RunOptions.Stage.TRAIN_AND_SWEEP);
            }
            case "mlflow" -> {
                if (args.length == 4 && args[1].equals("sync")) {
                    return org.cram.experiments.tracking.MlflowSync.run(Path.of(args[2]), args[3], System.getenv(),
                            out);
                }
                if (args.length == 3 && args[1].equals("repair")) {
                    return repair(Path.of(args[2]), out, err);
                }
                err.println("usage: cram mlflow sync STORE URI   (e.g. cram mlflow sync ./mlruns http://host:5000)\n"
                        + "       cram mlflow repair STORE     (end the runs of killed writers FAILED)");
                return 2;
            }
            case "bench" -> {
                org.cram.experiments.bench.BenchCommand.Options options;
                try {
                    options = org.cram.experiments.bench.BenchCommand.Options.parse(
                            java.util.List.of(args).subList(1, args.length));
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    return 2;
                }
                return org.cram.experiments.bench.BenchCommand.run(options, out, err);
            }
            case "reproduce" -> {
                org.cram.experiments.reproduce.ReproduceCommand.Options options;
                try {
                    options = org.cram.experiments.reproduce.ReproduceCommand.Options.parse(
                            java.util.List.of(args).subList(1, args.length));
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    return 2;
                }
                return org.cram.experiments.reproduce.ReproduceCommand.run(options, "./cram " + String.join(" ", args),
                        out, err);
            }
            case "sweep" -> {
                return runExperiment(args, registry, out, err, RunOptions.Stage.SWEEP);
            }
            case "finetune" -> {
                return runExperiment(args, registry, out, err, RunOptions.Stage.FINETUNE);
            }
            case "transfer" -> {
                return runExperiment(args, registry, out, err, RunOptions.Stage.TRANSFER);
            }
            default -> {
                err.println("unknown command '" + args[0] + "'; expected run, sweep, finetune, transfer, reproduce, "
                        + "bench, mlflow, compressors or help\n");
                err.print(USAGE);
                return 2;
            }
        }
    }

    /** {@code cram mlflow repair STORE}: ends the runs of writers that died (e.g. SIGKILL) FAILED. */
    private static int repair(Path store, PrintStream out, PrintStream err) {
        if (!java.nio.file.Files.isDirectory(store)) {
            err.println("cram mlflow repair: '" + store + "' is not a folder; expected an mlruns store");
            return 2;
        }
        List<org.cram.experiments.tracking.AbandonedRuns.Ended> ended =
                org.cram.experiments.tracking.AbandonedRuns.markFailed(store, java.time.Clock.systemUTC());
        ended.forEach(r -> out.printf(Locale.ROOT, "FAILED %s/%s (%s): writer %s is gone%n", r.experimentId(),
                r.runId(), r.runName(), r.writer()));
        out.println(ended.size() + " abandoned run(s) ended");
        return 0;
    }

    private static int runExperiment(String[] args, CompressorRegistry registry, PrintStream out, PrintStream err,
                                     RunOptions.Stage stage) {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        boolean quiet = false;
        boolean resume = false;
        Path checkpoints = RunOptions.DEFAULT_CHECKPOINT_ROOT;
        Optional<String> trackingUri = Optional.empty();
        Optional<Path> credentials = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--tracking-uri", "--credentials" -> {
                    if (i + 1 >= args.length) {
                        err.println(args[i] + " needs a value");
                        return 2;
                    }
                    if (args[i].equals("--tracking-uri")) {
                        trackingUri = Optional.of(args[++i]);
                    } else {
                        credentials = Optional.of(Path.of(args[++i]));
                    }
                }
                case "--resume" -> resume = true;
                case "--checkpoints" -> {
                    if (i + 1 >= args.length) {
                        err.println("--checkpoints needs a folder");
                        return 2;
                    }
                    checkpoints = Path.of(args[++i]);
                }
                case "--set" -> {
                    if (i + 1 >= args.length) {
                        err.println("--set needs key.path=value");
                        return 2;
                    }
                    overrides.add(args[++i]);
                }
                case "--quiet" -> quiet = true;
                default -> {
                    if (args[i].startsWith("--") || configFile != null) {
                        err.println("unexpected argument '" + args[i] + "'\n");
                        err.print(USAGE);
                        return 2;
                    }
                    configFile = Path.of(args[i]);
                }
            }
        }
        if (configFile == null) {
            err.println("run needs a config file\n");
            err.print(USAGE);
            return 2;
        }
        ExperimentConfig config;
        try {
            config = new ConfigLoader(registry.names()).load(configFile, overrides);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        PrintStream console = quiet ? new PrintStream(OutputStream.nullOutputStream()) : out;
        long start = System.nanoTime();
        try {
            ResultTable table = ExperimentLauncher.run(config,
                    new RunOptions(Optional.of(configFile), overrides, resume, checkpoints, stage), console, registry,
                    new TrackingModule(trackingUri, config.tracking().store(), System.getenv(), credentials));
            out.printf(Locale.ROOT, "%nTest accuracy (%%) after one-shot compression (%s, %d epochs, %.1f min):%n%n",
                    config.experiment(), config.training().epochs(),
                    (System.nanoTime() - start) / 6e10);
            out.print(table.toMarkdown());
            if (trackingUri.isEmpty() && System.getenv("MLFLOW_TRACKING_URI") == null) {
                out.printf(Locale.ROOT, "%nRuns are in %s: mlflow ui --backend-store-uri %s%n",
                        config.tracking().store().toAbsolutePath(), config.tracking().store());
            }
            return 0;
        } catch (DataFileException e) {
            err.println("data error: " + e.getMessage());
            return 1;
        } catch (com.google.inject.ProvisionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("error: " + cause.getMessage());
            return 1;
        } catch (ArithmeticException | ConfigException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}

package org.cram.experiments.reproduce;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.data.DataFileException;

/**
 * {@code cram reproduce [SUITE.yaml...] [--smoke] [--report-only] [--out DIR] [--store DIR] [--checkpoints DIR]}:
 * runs each suite (default: every {@code results/suites/*.yaml}, in name order) and writes its report to
 * {@code OUT/<table>/}; with {@code --report-only}, rewrites the reports from what the last run recorded
 * ({@link RecordedOutcome}) without training, e.g. after editing a {@code discussion.md}.
 */
public final class ReproduceCommand {
    /** Where the suites live, and where their reports go by default. */
    public static final Path RESULTS = Path.of("results");
    /** Where smoke reports go by default, so they never overwrite real ones. */
    public static final Path SMOKE_RESULTS = Path.of("smoke-results");

    private ReproduceCommand() {
    }

    /**
     * The parsed command line.
     *
     * @param suites      suite files, in run order
     * @param smoke       the tiny smoke version
     * @param reportOnly  rewrite the reports from the recorded results instead of running
     * @param out         report root
     * @param store       MLflow file store of every run
     * @param checkpoints checkpoint root
     */
    public record Options(List<Path> suites, boolean smoke, boolean reportOnly, Path out, Path store,
                          Path checkpoints) {
        /** @throws IllegalArgumentException naming the bad argument */
        public static Options parse(List<String> args) {
            List<Path> suites = new ArrayList<>();
            boolean smoke = false;
            boolean reportOnly = false;
            Path out = null;
            Path store = Path.of("mlruns");
            Path checkpoints = Path.of("checkpoints");
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--smoke" -> smoke = true;
                    case "--report-only" -> reportOnly = true;
                    case "--out", "--store", "--checkpoints" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(a + " needs a folder");
                        }
                        Path p = Path.of(args.get(++i));
                        if (a.equals("--out")) {
                            out = p;
                        } else if (a.equals("--store")) {
                            store = p;
                        } else {
                            checkpoints = p;
                        }
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option '" + a + "'; expected --smoke, "
                                    + "--report-only, --out, --store or --checkpoints");
                        }
                        suites.add(Path.of(a));
                    }
                }
            }
            if (suites.isEmpty()) {
                suites = defaultSuites();
            }
            return new Options(List.copyOf(suites), smoke, reportOnly, out != null ? out : smoke ? SMOKE_RESULTS : RESULTS, store,
                    checkpoints);
        }

        private static List<Path> defaultSuites() {
            Path dir = RESULTS.resolve("suites");
            try (var files = Files.list(dir)) {
                List<Path> found = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("no suites (*.yaml) in " + dir.toAbsolutePath());
                }
                return found;
            } catch (IOException e) {
                throw new IllegalArgumentException("no suite given and cannot list " + dir.toAbsolutePath()
                        + " (run from the project folder): " + e.getMessage());
            }
        }
    }

    /** Runs the suites; returns the exit code (0 ok, 1 a run failed, 2 a bad suite or config). */
    public static int run(Options options, String commandLine, PrintStream out, PrintStream err) {
        List<SuiteConfig> suites = new ArrayList<>();
        try {
            for (Path p : options.suites()) {
                suites.add(SuiteConfig.load(p));
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        CompressorRegistry registry = CompressorRegistry.standard();
        for (SuiteConfig suite : suites) {
            try {
                Path dir = options.out().resolve(suite.table());
                // a rewritten report names the command that ran the experiments; the MLflow runs keep their commit
                Reproduction.Outcome outcome = options.reportOnly()
                        ? RecordedOutcome.read(suite, dir, options.store(), registry, options.smoke())
                        : new Reproduction(registry, out, options.store(), options.checkpoints(), options.smoke())
                        .run(suite);
                Path report = new TableReport(dir).write(outcome, options.reportOnly()
                        ? "./cram reproduce" + (options.smoke() ? " --smoke" : "") : commandLine);
                out.println("\nReport: " + report.toAbsolutePath());
            } catch (ConfigException e) {
                err.println("suite " + suite.table() + ": " + e.getMessage());
                return 2;
            } catch (DataFileException e) {
                err.println("suite " + suite.table() + ": data error: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | UncheckedIOException e) {
                err.println("suite " + suite.table() + ": error: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }
}

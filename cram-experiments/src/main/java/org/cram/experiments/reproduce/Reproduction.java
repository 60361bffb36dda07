package org.cram.experiments.reproduce;

import com.google.inject.Module;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.run.ExperimentLauncher;
import org.cram.experiments.run.ResultTable;
import org.cram.experiments.run.RunOptions;
import org.cram.experiments.wiring.TrackingModule;

/**
 * Runs a {@link SuiteConfig}: the tuning config on the validation split, then every run config once per seed with the
 * tuned hyper-parameters, all tracked in one MLflow file store; returns what {@link TableReport} needs.
 */
public final class Reproduction {
    private final CompressorRegistry registry;
    private final PrintStream out;
    private final Path store;
    private final Path checkpoints;
    private final boolean smoke;

    /**
     * @param store       the MLflow file store every run goes to
     * @param checkpoints the checkpoint root of the runs
     * @param smoke       run the suite's smoke version (its seeds and overrides)
     */
    public Reproduction(CompressorRegistry registry, PrintStream out, Path store, Path checkpoints, boolean smoke) {
        this.registry = registry;
        this.out = out;
        this.store = store;
        this.checkpoints = checkpoints;
        this.smoke = smoke;
    }

    /**
     * One experiment config run with one seed.
     *
     * @param file      the config file
     * @param config    the config as run (overrides applied)
     * @param overrides the overrides it ran with
     * @param table     its result table (with run ids)
     * @param seconds   its wall time
     */
    public record SeedRun(Path file, ExperimentConfig config, List<String> overrides, ResultTable table,
                          double seconds) {
        public long seed() {
            return config.seed();
        }
    }

    /**
     * A whole suite's outcome.
     *
     * @param tuning  the tuning run and the selection it made, if the suite tunes
     * @param runs    every (config, seed) run, configs in suite order, seeds in order
     * @param seconds wall time of everything
     */
    public record Outcome(SuiteConfig suite, boolean smoke, Optional<Tuned> tuning, List<SeedRun> runs,
                          double seconds) {
        /** The seeds the runs used. */
        public List<Long> seeds() {
            return smoke ? suite.smoke().seeds() : suite.seeds();
        }
    }

    /** The tuning run and what it chose. */
    public record Tuned(SeedRun run, TuningSelection selection) {
    }

    /** Runs the suite, after checking every config of it (so a bad one fails before any training). */
    public Outcome run(SuiteConfig suite) {
        long start = System.nanoTime();
        List<Long> seeds = smoke ? suite.smoke().seeds() : suite.seeds();
        validate(suite, seeds.get(0));
        Optional<Tuned> tuned = Optional.empty();
        List<String> tunedOverrides = List.of();
        if (suite.tuning().isPresent()) {
            SuiteConfig.Tuning t = suite.tuning().get();
            out.printf(Locale.ROOT, "%n== %s: tuning on the validation split (%s, seed %d)%n", suite.table(),
                    t.config(), seeds.get(0));
            SeedRun run = runOne(suite, t.config(), seeds.get(0), List.of());
            TuningSelection selection = TuningSelection.select(run.config(), run.table(), t);
            selection.candidates().forEach(c -> out.printf(Locale.ROOT, "  %-28s validation %.2f%%%s%n", c.variant(),
                    100 * c.score(), c.chosen() ? "  <- chosen" : ""));
            tuned = Optional.of(new Tuned(run, selection));
            tunedOverrides = selection.overrides();
        }
        List<SeedRun> runs = new ArrayList<>();
        for (Path file : suite.runs()) {
            for (long seed : seeds) {
                out.printf(Locale.ROOT, "%n== %s: %s, seed %d%n", suite.table(), file, seed);
                runs.add(runOne(suite, file, seed, tunedOverrides));
            }
        }
        return new Outcome(suite, smoke, tuned, runs, (System.nanoTime() - start) / 1e9);
    }

    /** Loads every config of the suite as it will run; the tuning config must score the validation split. */
    private void validate(SuiteConfig suite, long seed) {
        ConfigLoader loader = new ConfigLoader(registry.names());
        if (suite.tuning().isPresent()) {
            Path file = suite.tuning().get().config();
            if (!loader.load(file, overrides(suite, file, seed)).data().evaluatesOnValidation()) {
                throw new ConfigException("tuning config " + file + " must evaluate on the validation split "
                        + "(data.validation_size > 0 and data.evaluate_on: validation), so the test set is never used "
                        + "to choose hyper-parameters");
            }
        }
        suite.runs().forEach(file -> loader.load(file, overrides(suite, file, seed)));
    }

    /** The seed, the store, and (smoke) the suite's smoke overrides whose section the config has. */
    private List<String> overrides(SuiteConfig suite, Path file, long seed) {
        Set<String> sections = ConfigLoader.sections(file);
        List<String> overrides = new ArrayList<>();
        if (smoke) {
            for (String o : suite.smoke().overrides()) {
                if (sections.contains(o.substring(0, Math.max(0, o.indexOf('.'))))) {
                    overrides.add(o);
                }
            }
        }
        overrides.add("seed=" + seed);
        overrides.add("tracking.store=" + store);
        return overrides;
    }

    private SeedRun runOne(SuiteConfig suite, Path file, long seed, List<String> tunedOverrides) {
        ConfigLoader loader = new ConfigLoader(registry.names());
        List<String> overrides = overrides(suite, file, seed);
        ExperimentConfig plain = loader.load(file, overrides);
        List<String> tuned = tunedOverrides.stream().filter(o -> plain.optimizers().stream()
                .anyMatch(a -> o.startsWith("optimizers." + a.label() + "."))).toList();
        overrides.addAll(tuned);
        ExperimentConfig config = tuned.isEmpty() ? plain : loader.load(file, overrides);
        long start = System.nanoTime();
        ResultTable table = ExperimentLauncher.run(config, new RunOptions(Optional.of(file), List.copyOf(overrides),
                false, checkpoints), out, registry, trackingModule(config));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "  done in %s%n", format(seconds));
        return new SeedRun(file, config, List.copyOf(overrides), table, seconds);
    }

    private Module trackingModule(ExperimentConfig config) {
        return new TrackingModule(config.tracking().store());
    }

    /** "1 h 02 min", "12 min 30 s", "45 s". */
    public static String format(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        if (d.toHours() > 0) {
            return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
        }
        return d.getSeconds() + " s";
    }
}

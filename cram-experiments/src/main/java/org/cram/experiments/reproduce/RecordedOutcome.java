package org.cram.experiments.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.run.ResultTable;
import org.cram.experiments.tracking.FileStoreReader;

/**
 * Reads back a suite's outcome from its report folder ({@code results.csv}, {@code runs.csv},
 * {@code configs/overrides.txt}) and the MLflow store its runs went to (training and wall times), so the report can
 * be rewritten, e.g. after editing {@code discussion.md}, without training anything again.
 */
public final class RecordedOutcome {
    private RecordedOutcome() {
    }

    /**
     * @param dir   the suite's report folder
     * @param store the MLflow file store of the runs
     * @throws IllegalArgumentException naming the file or run that is missing or malformed
     */
    public static Reproduction.Outcome read(SuiteConfig suite, Path dir, Path store, CompressorRegistry registry,
                                            boolean smoke) {
        Map<String, List<String>> overrides = overrides(dir.resolve("configs/overrides.txt"));
        List<String[]> results = csv(dir.resolve("results.csv"), 7);
        List<String[]> runIds = csv(dir.resolve("runs.csv"), 6);
        FileStoreReader reader = new FileStoreReader(store);
        ConfigLoader loader = new ConfigLoader(registry.names());
        List<Long> seeds = smoke ? suite.smoke().seeds() : suite.seeds();
        Optional<Reproduction.Tuned> tuned = Optional.empty();
        if (suite.tuning().isPresent()) {
            SuiteConfig.Tuning t = suite.tuning().get();
            Reproduction.SeedRun run = seedRun(t.config(), seeds.get(0), overrides, results, runIds, reader, loader);
            tuned = Optional.of(new Reproduction.Tuned(run, TuningSelection.select(run.config(), run.table(), t)));
        }
        List<Reproduction.SeedRun> runs = new ArrayList<>();
        double total = tuned.map(x -> x.run().seconds()).orElse(0.0);
        for (Path file : suite.runs()) {
            for (long seed : seeds) {
                Reproduction.SeedRun r = seedRun(file, seed, overrides, results, runIds, reader, loader);
                runs.add(r);
                total += r.seconds();
            }
        }
        return new Reproduction.Outcome(suite, smoke, tuned, runs, total);
    }

    private static Reproduction.SeedRun seedRun(Path file, long seed, Map<String, List<String>> overrides,
                                                List<String[]> results, List<String[]> runIds, FileStoreReader reader,
                                                ConfigLoader loader) {
        String key = file.getFileName() + " seed " + seed;
        List<String> o = overrides.get(key);
        if (o == null) {
            throw new IllegalArgumentException("configs/overrides.txt has no line for " + key);
        }
        ExperimentConfig config = loader.load(file, o);
        String exp = config.experiment();
        ResultTable table = new ResultTable(ResultTable.columns(config.sweep()),
                config.finetune().map(ExperimentConfig.FineTune::sparsities).orElse(List.of()),
                config.transfer().map(x -> x.tuning().sparsities()).orElse(List.of()));
        Map<String, List<String[]>> byArm = new LinkedHashMap<>();
        for (String[] f : results) {
            if (f[0].equals(exp) && Long.parseLong(f[1]) == seed) {
                byArm.computeIfAbsent(f[2] + "\t" + f[3], k -> new ArrayList<>()).add(f);
            }
        }
        if (byArm.isEmpty()) {
            throw new IllegalArgumentException("results.csv has no rows for " + exp + " seed " + seed);
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int columns = table.columns().size();
        int fineTuned = config.finetune().map(f -> f.sparsities().size()).orElse(0);
        for (List<String[]> lines : byArm.values()) {
            String model = lines.get(0)[2];
            String optimizer = lines.get(0)[3];
            if (lines.size() != 1 + columns + table.extraColumnLabels().size()) {
                throw new IllegalArgumentException("results.csv has " + lines.size() + " values for " + exp + " seed "
                        + seed + " " + model + "/" + optimizer + ", expected " + (1 + columns
                        + table.extraColumnLabels().size()));
            }
            List<Double> after = new ArrayList<>();
            List<Double> before = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                after.add(Double.parseDouble(lines.get(i)[5]));
                before.add(lines.get(i)[6].isEmpty() ? after.get(i - 1) : Double.parseDouble(lines.get(i)[6]));
            }
            List<Double> extra = lines.subList(1 + columns, lines.size()).stream()
                    .map(f -> Double.parseDouble(f[5])).toList();
            boolean retuned = config.sweep().bnRetune().enabled() && !before.equals(after);
            ResultTable.Row row = new ResultTable.Row(model, optimizer, Double.parseDouble(lines.get(0)[5]), after,
                    retuned, extra.subList(0, fineTuned), extra.subList(fineTuned, extra.size()), before, Map.of(),
                    Double.NaN);
            for (String[] id : runIds) {
                if (id[0].equals(exp) && Long.parseLong(id[1]) == seed && id[2].equals(model)
                        && id[3].equals(optimizer)) {
                    row = row.withRunId(id[4], id[5]);
                    FileStoreReader.RunInfo info = reader.findRun(id[5]).orElseThrow(() ->
                            new IllegalArgumentException("run " + id[5] + " of runs.csv is not in the store "
                                    + reader.root().toAbsolutePath()));
                    start = Math.min(start, info.startTime());
                    end = Math.max(end, info.endTime().orElse(info.startTime()));
                    if (id[4].equals("train")) {
                        row = row.withTrainSeconds(reader.metric(info.experimentId(), id[5], "train_seconds")
                                .get(0).value());
                    }
                }
            }
            table.add(row);
        }
        double seconds = end > start ? (end - start) / 1000.0 : 0;
        return new Reproduction.SeedRun(file, config, o, table, seconds);
    }

    /** Lines "NAME seed S: --set a --set b" by "NAME seed S". */
    private static Map<String, List<String>> overrides(Path file) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int colon = line.indexOf(": --set ");
            if (colon < 0) {
                throw new IllegalArgumentException(file + ": expected 'NAME seed S: --set key=value ...', got '"
                        + line + "'");
            }
            out.put(line.substring(0, colon), List.of(line.substring(colon + ": --set ".length()).split(" --set ")));
        }
        return out;
    }

    /** The records of a CSV written by {@link TableReport} (no commas or quotes inside fields), header skipped. */
    private static List<String[]> csv(Path file, int fields) {
        List<String[]> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.replace("\"", "").split(",", -1);
            if (f.length != fields) {
                throw new IllegalArgumentException(file + ": expected " + fields + " fields, got '" + line + "'");
            }
            out.add(f);
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no " + file.getFileName() + " in " + file.getParent().toAbsolutePath()
                    + "; run `cram reproduce` first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

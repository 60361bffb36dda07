package org.cram.experiments.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.track.RunStatus;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.run.ResultTable;
import org.cram.experiments.tracking.FileStoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke version of every suite in results/suites (what {@code ./cram reproduce --smoke} runs) on the real
 * Fashion-MNIST and fine-food reviews, so the pipeline that regenerates the paper's tables cannot rot.
 */
class ReproduceSmokeTest {
    /** Tests run in the module folder; suites name their configs from the project folder. */
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    private static SuiteConfig fromProject(String suite) {
        SuiteConfig s = SuiteConfig.load(PROJECT.resolve(suite));
        return new SuiteConfig(s.table(), s.title(), s.seeds(),
                s.tuning().map(t -> new SuiteConfig.Tuning(PROJECT.resolve(t.config()), t.keys(), t.apply())),
                s.runs().stream().map(PROJECT::resolve).toList(), s.smoke());
    }

    @Test
    void everySuiteRunsEndToEndAndWritesItsReport(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        try (var files = Files.list(PROJECT.resolve("results/suites"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("image.yaml", "text.yaml");
        }
        for (String name : List.of("image", "text")) {
            SuiteConfig suite = fromProject("results/suites/" + name + ".yaml");
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            Reproduction.Outcome outcome = new Reproduction(CompressorRegistry.standard(),
                    new PrintStream(console, true, StandardCharsets.UTF_8), store, dir.resolve("checkpoints"), true)
                    .run(suite);
            Path report = new TableReport(dir.resolve("results").resolve(name)).write(outcome, "smoke");
            String md = Files.readString(report);

            assertThat(md).contains("Smoke version").contains("How hyper-parameters were chosen")
                    .contains("| yes |").contains("Against the paper's claims").contains("Claim by claim");
            assertThat(outcome.tuning().orElseThrow().run().config().data().evaluatesOnValidation()).isTrue();
            assertThat(outcome.runs()).allSatisfy(r -> assertThat(r.config().data().evaluatesOnValidation())
                    .isFalse());
            // every arm of every run config is in the report, with a plot per config
            for (Reproduction.SeedRun r : outcome.runs()) {
                r.config().optimizers().forEach(a -> assertThat(md).contains(" / " + a.label() + " |"));
                assertThat(report.getParent().resolve(r.config().experiment() + "_accuracy_vs_sparsity.png"))
                        .isNotEmptyFile();
                assertThat(r.table().rows()).allSatisfy(row -> assertThat(row.accuracies())
                        .allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0)));
            }
            // the tuned values reached the arms they were applied to
            List<String> tuned = outcome.tuning().orElseThrow().selection().overrides();
            assertThat(tuned).isNotEmpty();
            assertThat(outcome.runs().get(0).overrides()).containsAll(outcome.runs().get(0).config().optimizers()
                    .stream().flatMap(a -> tuned.stream().filter(o -> o.startsWith("optimizers." + a.label() + ".")))
                    .toList());
            // run ids in runs.csv are finished runs of the store
            FileStoreReader reader = new FileStoreReader(store);
            List<String> ids = Files.readAllLines(report.getParent().resolve("runs.csv")).stream().skip(1)
                    .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
            assertThat(ids).isNotEmpty();
            for (String exp : outcome.runs().stream().map(r -> r.config().experiment()).distinct().toList()) {
                String expId = reader.experimentByName(exp).orElseThrow().experimentId();
                reader.runs(expId).stream().filter(r -> ids.contains(r.runId()))
                        .forEach(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
            }
            assertThat(report.getParent().resolve("configs/overrides.txt")).isNotEmptyFile();

            // --report-only reads the same numbers back from the report folder and the store
            Reproduction.Outcome recorded = RecordedOutcome.read(suite, report.getParent(), store,
                    CompressorRegistry.standard(), true);
            assertThat(recorded.runs()).hasSameSizeAs(outcome.runs());
            for (int i = 0; i < outcome.runs().size(); i++) {
                List<ResultTable.Row> want = outcome.runs().get(i).table().rows();
                List<ResultTable.Row> got = recorded.runs().get(i).table().rows();
                assertThat(got).hasSameSizeAs(want);
                for (int j = 0; j < want.size(); j++) {
                    assertThat(got.get(j).optimizer()).isEqualTo(want.get(j).optimizer());
                    assertThat(got.get(j).retuned()).isEqualTo(want.get(j).retuned());
                    assertThat(got.get(j).runIds()).isEqualTo(want.get(j).runIds());
                    assertThat(got.get(j).trainSeconds()).isCloseTo(want.get(j).trainSeconds(), within(1e-6));
                    assertThat(got.get(j).accuracies()).hasSameSizeAs(want.get(j).accuracies());
                    for (int k = 0; k < want.get(j).accuracies().size(); k++) {
                        assertThat(got.get(j).accuracies().get(k)).isCloseTo(want.get(j).accuracies().get(k),
                                within(5e-5));
                        assertThat(got.get(j).beforeRetuning().get(k)).isCloseTo(
                                want.get(j).beforeRetuning().get(k), within(5e-5));
                    }
                    assertThat(got.get(j).fineTuned()).hasSameSizeAs(want.get(j).fineTuned());
                }
            }
            assertThat(recorded.tuning().orElseThrow().selection().overrides()).isEqualTo(tuned);
            String rewritten = Files.readString(new TableReport(report.getParent()).write(recorded, "rewrite"));
            assertThat(rewritten).contains("Against the paper's claims").contains("rewrite");
        }
    }
}

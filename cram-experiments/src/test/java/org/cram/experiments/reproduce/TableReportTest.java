package org.cram.experiments.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cram.api.compress.CompressionTarget;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.run.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a fabricated two-seed outcome: statistics, claims, files. */
class TableReportTest {
    private static final String CONFIG = """
            experiment: image
            seed: %d
            data: {dataset: fashion-mnist, train_limit: 1000, test_limit: 500}
            models: [cnn-bn]
            training: {epochs: 1}
            optimizers:
              sgd: {type: sgd, lr: 0.1}
              cram-plus: {type: cram-plus, lr: 0.1, sparsity: 0.7}
            sweep:
              grid:
                - {sparsities: [0.0, 0.8, 0.9]}
                - {nm: ['2:4']}
            finetune: {sparsities: [0.9], epochs: 1, lr: 0.01}
            """;

    private static Reproduction.SeedRun run(Path file, long seed, double sgd90, double cram90) {
        ExperimentConfig c = new ConfigLoader(CompressorRegistry.standard().names()).parse(CONFIG.formatted(seed),
                "image.yaml", List.of());
        ResultTable t = new ResultTable(ResultTable.columns(c.sweep()), List.of(0.9));
        t.add(new ResultTable.Row("cnn-bn", "sgd", 0.90, List.of(0.90, 0.88, sgd90, 0.85), true, List.of(0.89))
                .withBeforeRetuning(List.of(0.90, 0.80, 0.30, 0.70)).withRunId("train", "r-sgd-" + seed)
                .withTrainSeconds(100 + seed));
        t.add(new ResultTable.Row("cnn-bn", "cram-plus", 0.91, List.of(0.91, 0.905, cram90, 0.905), true,
                List.of(0.908)).withBeforeRetuning(List.of(0.91, 0.90, 0.85, 0.88)).withRunId("train", "r-cram-" + seed)
                .withTrainSeconds(200 + seed));
        return new Reproduction.SeedRun(file, c, List.of("seed=" + seed), t, 300);
    }

    @Test
    void writesMeanAndSpreadClaimsPlotCsvAndConfigs(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("image.yaml");
        Files.writeString(config, CONFIG.formatted(1));
        SuiteConfig suite = new SuiteConfig("image", "Image table", List.of(1L, 2L), Optional.empty(),
                List.of(config), new SuiteConfig.Smoke(List.of(1L), List.of()));
        Reproduction.Outcome outcome = new Reproduction.Outcome(suite, false, Optional.empty(),
                List.of(run(config, 1, 0.50, 0.90), run(config, 2, 0.60, 0.89)), 612);
        Path out = dir.resolve("results/image");
        Files.createDirectories(out);
        Files.writeString(out.resolve(TableReport.DISCUSSION), "Hand-written words.");

        String md = Files.readString(new TableReport(out).write(outcome, "./cram reproduce suite.yaml"));

        // 90%: sgd 50 and 60 -> 55.00 ± 7.07; cram-plus 90 and 89 -> 89.50 ± 0.71
        assertThat(md).contains("| cnn-bn / sgd | 90.00 ± 0.00 | 90.00 ± 0.00 | 88.00 ± 0.00 | 55.00 ± 7.07 |")
                .contains("89.50 ± 0.71").contains("Mean ± sample standard deviation over 2 seeds")
                .contains("before batch-norm re-tuning").contains("| cnn-bn / sgd | 90.00 ± 0.00 | 90.00 ± 0.00 | "
                        + "80.00 ± 0.00 | 30.00 ± 0.00 | 70.00 ± 0.00 |")
                .contains("Hand-written words.").contains("./cram reproduce suite.yaml");
        // CrAM+ loses 0.5 at 80% (holds), 1.5 at 90% (about 1%: holds), 0.5 at 2:4; SGD collapses at 90%
        assertThat(md).contains("global-magnitude 80% (almost no loss at 70-80%): best CrAM-family arm cram-plus "
                + "loses 0.50 points; best baseline sgd loses 2.00. **Holds here.**");
        assertThat(md).contains("global-magnitude 90% (about 1% loss at 90%): best CrAM-family arm cram-plus loses "
                + "1.50 points; best baseline sgd loses 35.00 (collapses). **Holds here.**");
        assertThat(md).contains("90% + FT (short sparse fine-tuning recovers more): cram-plus 90.80 after "
                + "fine-tuning against 89.50 one shot. **Holds here.**");
        assertThat(out.resolve("image_accuracy_vs_sparsity.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).contains("image,2,cnn-bn,cram-plus,train,r-cram-2");
        assertThat(Files.readAllLines(out.resolve("results.csv")))
                .contains("image,1,cnn-bn,sgd,\"global-magnitude 90%\",0.5000,0.3000")
                .contains("image,2,cnn-bn,cram-plus,\"90% + FT\",0.9080,");
        assertThat(out.resolve("configs/image.yaml")).hasSameTextualContentAs(config);
        assertThat(Files.readString(out.resolve("configs/overrides.txt"))).contains("image.yaml seed 2: --set seed=2");
    }

    @Test
    void oneSeedSaysSoInsteadOfInventingASpread(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("image.yaml");
        Files.writeString(config, CONFIG.formatted(1));
        SuiteConfig suite = new SuiteConfig("image", "Image table", List.of(1L), Optional.empty(), List.of(config),
                new SuiteConfig.Smoke(List.of(1L), List.of()));
        String md = Files.readString(new TableReport(dir.resolve("r")).write(new Reproduction.Outcome(suite, true,
                Optional.empty(), List.of(run(config, 1, 0.5, 0.8)), 10), "cmd"));
        assertThat(md).contains("**One seed**").contains("Smoke version").doesNotContain("±")
                .contains("No hand-written discussion yet")
                .contains("global-magnitude 90% (about 1% loss at 90%): best CrAM-family arm cram-plus loses 11.00 "
                        + "points; best baseline sgd loses 40.00 (collapses). **Does not hold here.**");
    }

    @Test
    void gradualPruningIsComparedWithTheBestCramArmFineTunedAtItsSparsity(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("image.yaml");
        Files.writeString(config, CONFIG.formatted(1));
        Path gmpConfig = dir.resolve("gmp.yaml");
        String gmpYaml = """
                experiment: image-gmp
                seed: 1
                data: {dataset: fashion-mnist, train_limit: 1000, test_limit: 500}
                models: [cnn-bn]
                training: {epochs: 2}
                optimizers:
                  gmp-90: {type: gmp, lr: 0.1, sparsity: 0.9}
                sweep: {sparsities: [0.0]}
                """;
        Files.writeString(gmpConfig, gmpYaml);
        ExperimentConfig g = new ConfigLoader(CompressorRegistry.standard().names()).parse(gmpYaml, "gmp.yaml",
                List.of());
        ResultTable gt = new ResultTable(ResultTable.columns(g.sweep()), List.of());
        gt.add(new ResultTable.Row("cnn-bn", "gmp-90", 0.912, List.of(0.912), true, List.of()));
        SuiteConfig suite = new SuiteConfig("image", "Image table", List.of(1L), Optional.empty(),
                List.of(config, gmpConfig), new SuiteConfig.Smoke(List.of(1L), List.of()));
        Reproduction.Outcome outcome = new Reproduction.Outcome(suite, false, Optional.empty(),
                List.of(run(config, 1, 0.5, 0.8), new Reproduction.SeedRun(gmpConfig, g, List.of(), gt, 5)), 20);
        String md = Files.readString(new TableReport(dir.resolve("r")).write(outcome, "cmd"));
        // the CrAM arm fine-tuned at 90% reaches 90.80, GMP at 90% 91.20
        assertThat(md).contains("**GMP at 90%** (gmp-90, same total epochs): 91.20; best CrAM arm pruned one shot "
                + "and fine-tuned (cram-plus): 90.80. GMP is ahead here.");
    }
}

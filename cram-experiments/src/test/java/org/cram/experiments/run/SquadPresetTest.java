package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.OptimizerConfig;
import org.cram.experiments.text.MiniLmAssets;
import org.cram.experiments.text.SquadDataset;
import org.cram.experiments.text.SquadEvaluation;
import org.cram.experiments.text.SquadFixtures;
import org.cram.models.bert.BertForQuestionAnswering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped BERT SQuAD preset validates, reads SQuAD files given on the command line, scores by F1, and builds
 * the pretrained MiniLM span-QA model whose 36 encoder linear weight matrices are what CrAM and the sweep prune.
 */
class SquadPresetTest {
    private static final Path PRESET = Path.of("..", "configs", "presets", "paper-bert-squad-cram-plus-multi.yaml");

    @Test
    void thePaperBertSquadPresetValidatesAndLoadsAFixture(@TempDir Path dir) throws Exception {
        Path train = SquadFixtures.write(dir.resolve("train.json"), 4, 1, "t");
        Path dev = SquadFixtures.write(dir.resolve("dev.json"), 2, 2, "d");
        ExperimentConfig c = new ConfigLoader(CompressorRegistry.standard().names()).load(PRESET,
                List.of("data.train_file=" + train, "data.test_file=" + dev));

        assertThat(c.data().isQuestionAnswering()).isTrue();
        assertThat(c.data().squadFiles().orElseThrow().train()).isEqualTo(train);
        assertThat(c.models()).containsExactly("minilm-l6");
        assertThat(c.training().schedule()).isEqualTo("linear");
        assertThat(c.training().warmupSteps()).isPositive();
        assertThat(c.optimizers()).extracting(OptimizerConfig::type).containsExactly("adamw", "sam", "cram-plus");
        assertThat(c.optimizers()).allSatisfy(o -> assertThat(o.base()).isEqualTo("adamw"));
        assertThat(c.optimizer("cram-plus-multi").targets()).hasSize(5);
        assertThat(c.sweep().entries().get(0).targets()).hasSize(6);
        assertThat(c.finetune().orElseThrow().optimizer().type()).isEqualTo("adamw");
        assertThat(c.bert().orElseThrow().pruningScope()).isEqualTo("encoder-linear");

        MiniLmAssets assets = new MiniLmAssets();
        ExperimentData data = new ExperimentData(c, assets);
        assertThat(data.train()).isInstanceOf(SquadDataset.class).extracting(d -> d.size()).isEqualTo(12);
        assertThat(data.test().size()).isEqualTo(6);
        assertThat(data.testMetric()).isInstanceOf(SquadEvaluation.class);
        assertThat(java.util.Arrays.stream(data.train().batch(new int[] {0, 1}).labels()).boxed().toList())
                .allSatisfy(p -> assertThat(p).isPositive());

        Model model = new ModelFactory(c, assets).build("minilm-l6", data.train());
        assertThat(model).isInstanceOf(BertForQuestionAnswering.class);
        List<Parameter> prunable = model.parameters().asList().stream().filter(Parameter::isPrunable).toList();
        assertThat(prunable).hasSize(36).allSatisfy(p -> assertThat(p.name()).startsWith("encoder.layer."));
    }

    @Test
    void aSquadFileWithoutQuestionsIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.json"),
                "{\"version\": \"1.1\", \"data\": []}");
        Path dev = SquadFixtures.write(dir.resolve("dev.json"), 1, 2, "d");
        ExperimentConfig c = new ConfigLoader(CompressorRegistry.standard().names()).load(PRESET,
                List.of("data.train_file=" + empty, "data.test_file=" + dev));
        ExperimentData data = new ExperimentData(c, new MiniLmAssets());
        assertThat(data.test().size()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(data::train)
                .isInstanceOf(org.cram.experiments.data.DataFileException.class)
                .hasMessageContaining("empty.json").hasMessageContaining("no questions");
    }
}

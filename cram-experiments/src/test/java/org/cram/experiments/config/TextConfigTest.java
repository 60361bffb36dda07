package org.cram.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cram.experiments.data.FineFoods;
import org.junit.jupiter.api.Test;

/** Text datasets, BERT models and the bert section: defaults and one test per error. */
class TextConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(List.of("global-magnitude", "n-of-m"));

    static final String FINE_FOODS = """
            experiment: text
            data: {dataset: fine-foods, train_limit: 500}
            models: [minilm-l6]
            training: {epochs: 1, batch_size: 16, schedule: linear, warmup_steps: 5}
            optimizers:
              adamw: {type: adamw, lr: 5.0e-5}
              crampl: {type: cram-plus, base: adamw, lr: 5.0e-5, sparsities: [0.5, 0.7]}
            sweep: {sparsities: [0.4, 0.8]}
            """;

    static final String CSV = """
            experiment: text
            data: {dataset: csv, train_file: a/train.csv, test_file: a/test.csv, text_column: review,
                   label_column: stars}
            models: [bert]
            training: {epochs: 1}
            optimizers:
              adamw: {type: adamw, lr: 1.0e-3}
            bert: {max_length: 32, hidden_size: 16, layers: 2, heads: 2, intermediate_size: 32}
            """;

    private static ExperimentConfig parse(String yaml, String... overrides) {
        return LOADER.parse(yaml, "text.yaml", List.of(overrides));
    }

    @Test
    void fineFoodsWithMiniLmTakesTheDefaultsFromOnePlace() {
        ExperimentConfig c = parse(FINE_FOODS);
        assertThat(c.data().isText()).isTrue();
        assertThat(c.data().dir()).isEqualTo(FineFoods.defaultDir());
        assertThat(c.data().textFiles()).isEmpty();
        ExperimentConfig.Bert b = c.bert().orElseThrow();
        assertThat(b.maxLength()).isEqualTo(ExperimentConfig.Bert.DEFAULT_MAX_LENGTH);
        assertThat(b.pooling()).isEqualTo("mean");
        assertThat(b.pruningScope()).isEqualTo("encoder-linear");
        assertThat(b.geometry()).isEmpty();
        assertThat(c.evalBatchSize()).isEqualTo(ExperimentConfig.Bert.DEFAULT_EVAL_BATCH_SIZE);
        assertThat(c.optimizer("crampl").base()).isEqualTo("adamw");
        assertThat(c.commonParams()).containsEntry("bert.max_length", 128).containsEntry("data.dataset",
                "fine-foods");
    }

    @Test
    void theShippedSmallFineFoodsPresetIsValid() {
        ExperimentConfig c = LOADER.load(Path.of("..", "configs", "presets", "small-fine-foods-minilm.yaml"),
                List.of());
        assertThat(c.models()).containsExactly("minilm-l6");
        assertThat(c.optimizers()).extracting(OptimizerConfig::type).containsExactly("adamw", "sam", "cram-plus");
        assertThat(c.optimizers()).allSatisfy(o -> assertThat(o.base()).isEqualTo("adamw"));
        assertThat(c.training().schedule()).isEqualTo("linear");
        assertThat(c.bert().orElseThrow().maxLength()).isEqualTo(48);
    }

    @Test
    void csvWithAnExplicitGeometryIsRead() {
        ExperimentConfig c = parse(CSV);
        ExperimentConfig.TextFiles f = c.data().textFiles().orElseThrow();
        assertThat(f.train()).isEqualTo(Path.of("a/train.csv"));
        assertThat(f.textColumn()).isEqualTo("review");
        assertThat(f.labelColumn()).isEqualTo("stars");
        assertThat(f.pairColumn()).isEmpty();
        assertThat(c.bert().orElseThrow().geometry()).contains(
                new ExperimentConfig.BertGeometry(16, 2, 2, 32, ExperimentConfig.BertGeometry.DEFAULT_INIT_STD));
        ExperimentConfig j = parse(CSV.replace("dataset: csv", "dataset: jsonl").replace(", text_column: review",
                ", text_pair_column: second"));
        assertThat(j.data().textFiles().orElseThrow().textColumn()).isEqualTo("text");
        assertThat(j.data().textFiles().orElseThrow().pairColumn()).isEqualTo(Optional.of("second"));
    }

    @Test
    void anImageModelOnTextDataNamesTheModelAndTheAllowedOnes() {
        assertThatThrownBy(() -> parse(FINE_FOODS.replace("[minilm-l6]", "[minilm-l6, resnet20]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("models[1]")
                .hasMessageContaining("'resnet20' is an image model").hasMessageContaining("fine-foods")
                .hasMessageContaining("[minilm-l6, bert]");
    }

    @Test
    void aTextModelOnImageDataNamesTheTextDatasets() {
        assertThatThrownBy(() -> parse(ConfigLoaderTest.VALID.replace("[lenet-300-100, cnn-bn]", "[minilm-l6]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("models[0]")
                .hasMessageContaining("'minilm-l6' is a text model").hasMessageContaining("fashion-mnist")
                .hasMessageContaining("[fine-foods, csv, jsonl, squad]");
    }

    @Test
    void anUnknownDatasetListsTheTextOnesToo() {
        assertThatThrownBy(() -> parse(FINE_FOODS.replace("dataset: fine-foods", "dataset: imdb")))
                .hasMessageContaining("data.dataset").hasMessageContaining("'imdb'")
                .hasMessageContaining("[fashion-mnist, cifar10, imagefolder, fine-foods, csv, jsonl, squad]");
    }

    @Test
    void aBertSectionOnImageDataIsRejected() {
        assertThatThrownBy(() -> parse(ConfigLoaderTest.VALID + "bert: {max_length: 64}\n"))
                .hasMessageContaining("config error at 'bert'").hasMessageContaining("fashion-mnist")
                .hasMessageContaining("[fine-foods, csv, jsonl, squad]");
    }

    @Test
    void csvNeedsItsFilesAndRejectsAFolder() {
        assertThatThrownBy(() -> parse(CSV.replace("test_file: a/test.csv, ", "")))
                .hasMessageContaining("data.test_file").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse(CSV.replace("dataset: csv,", "dataset: csv, dir: /tmp,")))
                .hasMessageContaining("unknown key(s) [dir] in 'data'").hasMessageContaining("train_file");
    }

    @Test
    void textAndLabelColumnsMustDifferAndNotBeEmpty() {
        assertThatThrownBy(() -> parse(CSV.replace("label_column: stars", "label_column: review")))
                .hasMessageContaining("data.label_column").hasMessageContaining("'review'");
        assertThatThrownBy(() -> parse(CSV.replace("text_column: review", "text_column: ''")))
                .hasMessageContaining("data.text_column").hasMessageContaining("empty");
    }

    @Test
    void maxLengthOutsideThePositionsNamesTheRange() {
        assertThatThrownBy(() -> parse(FINE_FOODS + "bert: {max_length: 1024}\n"))
                .hasMessageContaining("bert.max_length").hasMessageContaining("1024")
                .hasMessageContaining("[3, 512]");
    }

    @Test
    void unknownPoolingAndPruningScopeListTheAllowedValues() {
        assertThatThrownBy(() -> parse(FINE_FOODS + "bert: {pooling: max}\n"))
                .hasMessageContaining("bert.pooling").hasMessageContaining("'max'")
                .hasMessageContaining("[mean, cls, cls-pooler]");
        assertThatThrownBy(() -> parse(FINE_FOODS + "bert: {pruning_scope: heads}\n"))
                .hasMessageContaining("bert.pruning_scope").hasMessageContaining("'heads'")
                .hasMessageContaining("[encoder-linear, all-linear, all-linear-and-embeddings]");
    }

    @Test
    void geometryKeysWithoutModelBertAreRejected() {
        assertThatThrownBy(() -> parse(FINE_FOODS + "bert: {hidden_size: 64}\n"))
                .hasMessageContaining("bert.hidden_size").hasMessageContaining("only apply to model 'bert'")
                .hasMessageContaining("[minilm-l6]");
    }

    @Test
    void modelBertNeedsAGeometryWhoseHeadsDivideTheWidth() {
        assertThatThrownBy(() -> parse(CSV.replace("layers: 2, ", "")))
                .hasMessageContaining("bert.layers").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse(CSV.replace("heads: 2", "heads: 3")))
                .hasMessageContaining("bert.heads").hasMessageContaining("3")
                .hasMessageContaining("divide bert.hidden_size (16)");
    }

    @Test
    void unknownKeysInTheBertSectionListTheAllowedOnes() {
        assertThatThrownBy(() -> parse(FINE_FOODS + "bert: {max_len: 64}\n"))
                .hasMessageContaining("[max_len]").hasMessageContaining("'bert'")
                .hasMessageContaining("max_length");
    }
}

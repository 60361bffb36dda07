package org.cram.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code squad} dataset: files, limits and max answer length with their defaults, and one test per error. */
class SquadConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(List.of("global-magnitude"));

    static final String SQUAD = """
            experiment: qa
            data: {dataset: squad, train_file: d/train-v1.1.json, test_file: d/dev-v1.1.json, train_limit: 40}
            models: [bert]
            bert: {max_length: 64, hidden_size: 16, layers: 1, heads: 2, intermediate_size: 32}
            training: {epochs: 1, batch_size: 8, schedule: linear, warmup_steps: 1}
            optimizers:
              adamw: {type: adamw, lr: 1.0e-3}
              crampl: {type: cram-plus, base: adamw, lr: 1.0e-3, sparsities: [0.5, 0.7]}
            sweep: {sparsities: [0.0, 0.5]}
            """;

    private static ExperimentConfig parse(String yaml, String... overrides) {
        return LOADER.parse(yaml, "qa.yaml", List.of(overrides));
    }

    @Test
    void squadNamesItsTwoFilesAndTakesTheDefaultMaxAnswerLength() {
        ExperimentConfig c = parse(SQUAD);
        ExperimentConfig.Data d = c.data();
        assertThat(d.isText()).isTrue();
        assertThat(d.isQuestionAnswering()).isTrue();
        assertThat(d.textFiles()).isEmpty();
        assertThat(d.squadFiles()).contains(new ExperimentConfig.SquadFiles(Path.of("d/train-v1.1.json"),
                Path.of("d/dev-v1.1.json"), ExperimentConfig.SquadFiles.DEFAULT_MAX_ANSWER_LENGTH));
        assertThat(d.trainLimit()).isEqualTo(40);
        assertThat(d.testLimit()).isZero();
        assertThat(c.commonParams()).containsEntry("data.dataset", "squad").containsEntry("data.max_answer_length",
                30).doesNotContainKey("bert.pooling");
        assertThat(parse(SQUAD, "data.max_answer_length=12").data().squadFiles().orElseThrow().maxAnswerLength())
                .isEqualTo(12);
        assertThat(parse(SQUAD.replace("heads: 2", "heads: 2, pruning_scope: all-linear")).bert().orElseThrow()
                .pruningScope()).isEqualTo("all-linear");
    }

    @Test
    void aMissingFileKeyIsNamed() {
        assertThatThrownBy(() -> parse(SQUAD.replace(" test_file: d/dev-v1.1.json,", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.test_file");
    }

    @Test
    void aMaxAnswerLengthOutsideItsRangeNamesTheRange() {
        assertThatThrownBy(() -> parse(SQUAD, "data.max_answer_length=0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.max_answer_length")
                .hasMessageContaining("0").hasMessageContaining("512");
    }

    @Test
    void aMaxAnswerLengthOnAClassificationDatasetIsAnUnknownKey() {
        assertThatThrownBy(() -> parse(TextConfigTest.CSV, "data.max_answer_length=30"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key")
                .hasMessageContaining("max_answer_length");
    }

    @Test
    void poolingIsRefusedForQuestionAnswering() {
        assertThatThrownBy(() -> parse(SQUAD, "bert.pooling=cls"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bert.pooling")
                .hasMessageContaining("classification only").hasMessageContaining("'squad'");
    }

    @Test
    void anImageModelOnSquadNamesTheTextModels() {
        assertThatThrownBy(() -> parse(SQUAD.replace("models: [bert]", "models: [lenet-300-100]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("models[0]")
                .hasMessageContaining("'squad' is a text dataset").hasMessageContaining("[minilm-l6, bert]");
    }

    @Test
    void transferFromAQuestionAnsweringExperimentIsRefused() {
        assertThatThrownBy(() -> parse(SQUAD + """
                transfer: {data: {dataset: csv, train_file: a.csv, test_file: b.csv}, sparsities: [0.5], epochs: 1,
                           lr: 0.01}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("config error at 'transfer'")
                .hasMessageContaining("'squad' trains a question-answering model");
    }

    @Test
    void transferToSquadIsRefusedNamingTheClassificationDatasets() {
        assertThatThrownBy(() -> parse(TextConfigTest.CSV + """
                transfer: {data: {dataset: squad, train_file: a.json, test_file: b.json}, sparsities: [0.5],
                           epochs: 1, lr: 0.01}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("transfer.data.dataset")
                .hasMessageContaining("'squad' is not a classification dataset")
                .hasMessageContaining("[fine-foods, csv, jsonl]");
    }
}

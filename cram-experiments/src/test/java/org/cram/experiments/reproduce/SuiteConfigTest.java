package org.cram.experiments.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.SuiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteConfigTest {

    private static SuiteConfig load(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("suite.yaml");
        Files.writeString(f, yaml);
        return SuiteConfig.load(f);
    }

    @Test
    void readsEverySectionWithDefaults(@TempDir Path dir) throws Exception {
        SuiteConfig s = load(dir, """
                table: image
                title: ResNet-20
                seeds: [1, 2, 3]
                tuning: {config: t.yaml, keys: [rho], apply: {cram-plus: [cram, cram-plus]}}
                runs: [a.yaml, b.yaml]
                smoke: {set: [training.epochs=1]}
                """);
        assertThat(s.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(s.runs()).containsExactly(Path.of("a.yaml"), Path.of("b.yaml"));
        assertThat(s.tuning().orElseThrow().targetsOf("cram-plus")).containsExactly("cram", "cram-plus");
        assertThat(s.tuning().orElseThrow().targetsOf("sgd")).containsExactly("sgd");
        assertThat(s.smoke().seeds()).containsExactly(1L);
        assertThat(s.smoke().overrides()).containsExactly("training.epochs=1");
    }

    @Test
    void badValuesAreNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, "table: Image!\nseeds: [1]\nruns: [a.yaml]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("table").hasMessageContaining("Image!");
        assertThatThrownBy(() -> load(dir, "table: t\nseeds: [1.5]\nruns: [a.yaml]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("seeds").hasMessageContaining("1.5");
        assertThatThrownBy(() -> load(dir, "table: t\nseeds: [1]\nruns: [a.yaml]\ntuning: {config: t.yaml, "
                + "keys: [momentum]}\n")).isInstanceOf(ConfigException.class).hasMessageContaining("momentum");
        assertThatThrownBy(() -> load(dir, "table: t\nseeds: [1]\nruns: [a.yaml]\nextra: 1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> SuiteConfig.load(dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.yaml");
    }

    @Test
    void theCommandLineDefaultsToEverySuiteOfResults() {
        ReproduceCommand.Options o = ReproduceCommand.Options.parse(List.of("--smoke", "x.yaml"));
        assertThat(o.out()).isEqualTo(ReproduceCommand.SMOKE_RESULTS);
        assertThat(o.suites()).containsExactly(Path.of("x.yaml"));
        assertThatThrownBy(() -> ReproduceCommand.Options.parse(List.of("--fast")))
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> ReproduceCommand.Options.parse(List.of("a.yaml", "--out")))
                .hasMessageContaining("--out needs a folder");
    }
}

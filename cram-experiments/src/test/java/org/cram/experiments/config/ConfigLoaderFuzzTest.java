package org.cram.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile configs: mutated YAML ends in a config or a {@link ConfigException}; alias bombs, class-naming tags,
 * very deep and very large documents are refused quickly with a clear error.
 */
@Timeout(60)
class ConfigLoaderFuzzTest {
    private static final ConfigLoader LOADER = new ConfigLoader(List.of("global-magnitude", "n-of-m", "quantize"));
    private static final List<String> YAML_TOKENS = List.of("&a ", "*a", "<<: *a\n", "!!", "!!set ", "!!omap ",
            "!!binary ", "!!timestamp ", "!!javax.script.ScriptEngineManager ", "!!java.io.File ", "!<tag:x> ",
            "[", "]", "{", "}", "- ", ": ", "? ", "|\n", ">\n", "'", "\"", "\n  ", "\t", "%YAML 1.1\n", "---\n",
            "...\n", "1e999", ".inf", ".nan", "~", "0x7fffffff", "9223372036854775808", "null", "{a: [b, {c: d}]}",
            "[1, {2: 3}]", "\\u0000", "#");
    private static final Path PRESET = Path.of("../configs/presets/small-fashion-resnet20.yaml");

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    private static ExperimentConfig parse(String yaml, String... overrides) {
        return LOADER.parse(yaml, "hostile.yaml", List.of(overrides));
    }

    @Test
    void mutatedConfigsAreLoadedOrRejectedWithAConfigException() throws IOException {
        List<byte[]> inputs = List.of(ConfigLoaderTest.VALID.getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(PRESET));
        Fuzz.Report r = Fuzz.reader("YAML config").seed(61).cases(4000).inputs(inputs).dictionary(YAML_TOKENS)
                .rejectsWith(ConfigException.class).messageNames("config")
                .run(bytes -> parse(new String(bytes, StandardCharsets.UTF_8)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void mutatedOverrideValuesAreAppliedOrRejectedWithAConfigException() {
        byte[] override = "optimizers.crampl.sparsities=[0.5, 0.7, {x: 1}]".getBytes(StandardCharsets.UTF_8);
        Fuzz.Report r = Fuzz.reader("config overrides").seed(62).cases(1500)
                .inputs(List.of("training.epochs=3".getBytes(StandardCharsets.UTF_8), override))
                .dictionary(YAML_TOKENS).rejectsWith(ConfigException.class).messageNames("override")
                .run(bytes -> {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    try {
                        return parse(ConfigLoaderTest.VALID, text);
                    } catch (ConfigException e) {
                        // a well-formed override may still fail validation; that error names the key instead
                        if (!e.getMessage().startsWith("override")) {
                            return e;
                        }
                        throw e;
                    }
                });
        assertThat(r.rejected() + r.valid()).isEqualTo(1500);
        assertThat(r.rejected()).isPositive();
    }

    /** Named attack: the billion-laughs alias bomb is refused within a second. */
    @Test
    void aliasBombIsRejectedWithinASecond() {
        StringBuilder bomb = new StringBuilder("experiment: t\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            String prev = "*a" + (i - 1);
            bomb.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> parse(bomb.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostile.yaml")
                .hasMessageContaining("aliases");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(1_000);
        StringBuilder flow = new StringBuilder("{a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (int i = 1; i < 10; i++) {
            flow.append(", a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]");
        }
        assertThatThrownBy(() -> parse(ConfigLoaderTest.VALID, "seed=" + flow + "}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("override").hasMessageContaining("aliases");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds for both").isLessThan(2_000);
    }

    /** Named attack: global tags naming JDK classes never instantiate them, in the file or in an override. */
    @Test
    void globalTagsNamingJdkClassesAreRejected() {
        for (String tag : List.of("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
                + "[[!!java.net.URL [\"http://127.0.0.1:1/x.jar\"]]]]", "!!java.io.File [\"/etc/passwd\"]",
                "!!java.lang.ProcessBuilder [[touch, /tmp/cram-pwned]]", "!<tag:yaml.org,2002:java.util.Date> 1")) {
            assertThatThrownBy(() -> parse(ConfigLoaderTest.VALID.replace("experiment: t", "experiment: " + tag)))
                    .as(tag).isInstanceOf(ConfigException.class).hasMessageContaining("hostile.yaml")
                    .hasMessageContaining("not valid YAML");
            assertThatThrownBy(() -> parse(ConfigLoaderTest.VALID, "experiment=" + tag))
                    .as("override " + tag).isInstanceOf(ConfigException.class).hasMessageContaining("override");
        }
        assertThat(Path.of("/tmp/cram-pwned")).doesNotExist();
    }

    @Test
    void deepAndLargeDocumentsAreRejectedQuicklyWithTheLimit() throws IOException {
        long start = System.nanoTime();
        String deep = "experiment: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostile.yaml").hasMessageContaining("Nesting Depth exceeded max 20");
        Path big = Files.writeString(dir.resolve("big.yaml"), ConfigLoaderTest.VALID + "# " + "x".repeat(2 << 20));
        assertThatThrownBy(() -> LOADER.load(big, List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(big.toString()).hasMessageContaining("larger than");
        String wide = ConfigLoaderTest.VALID + "extra: [" + "1, ".repeat(600_000) + "1]\n";
        assertThatThrownBy(() -> parse(wide)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostile.yaml").hasMessageContaining("larger than");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    @Test
    void mappingsInsideListsWithNonStringKeysAreErrorsNotCrashes() {
        assertThatThrownBy(() -> parse(ConfigLoaderTest.VALID.replace("sweep: {sparsities: [0, 0.9]}",
                "sweep: {grid: [{1: 2, sparsities: [0.5]}]}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sweep.grid[0]")
                .hasMessageContaining("[1]");
    }
}

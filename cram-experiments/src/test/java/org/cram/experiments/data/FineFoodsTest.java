package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FineFoods} on a generated package tree; the real data is checked by {@link FineFoodsRealDataTest}. */
class FineFoodsTest {
    @TempDir
    Path dir;

    @Test
    void readsBothSplitsFromAnExtractedPackageTree() throws IOException {
        Path data = Files.createDirectories(dir.resolve(FineFoods.DATA_SUBDIR));
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        blocks.put("testing_data", RDataFixtures.xzBlock(RDataFixtures.tibble()));
        blocks.put("training_data", RDataFixtures.xzBlock(RDataFixtures.tibble()));
        RDataFixtures.database(data, "Rdata", blocks, 3);

        FineFoods.Splits splits = FineFoods.load(dir);

        assertThat(splits.train().name()).isEqualTo("fine-foods/train");
        assertThat(splits.test().name()).isEqualTo("fine-foods/test");
        assertThat(splits.train().classNames()).containsExactly("great", "other");
        assertThat(splits.train().examples()).containsExactly(TextExample.of("Good", 0),
                TextExample.of("Très bien", 1), TextExample.of("", 0));
        assertThat(FineFoods.load(dir, FineFoods.Split.TEST).size()).isEqualTo(3);
    }

    @Test
    void missingDataSaysToRunTheFetchScript() {
        assertThatThrownBy(() -> FineFoods.load(dir))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve(FineFoods.DATA_SUBDIR).resolve("Rdata.rdx").toString())
                .hasMessageContaining("Run scripts/fetch-fine-foods.sh " + dir);
    }

    @Test
    void defaultDirIsTheFetchScriptsCache() {
        assertThat(FineFoods.defaultDir().toString()).endsWith("cram/r-cran-modeldata");
    }
}

package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.testing.Fuzz;
import org.cram.api.testing.MemoryTempDir;
import org.cram.experiments.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mutated SQuAD JSON ends in examples or a {@link DataFileException} naming the file. */
@Timeout(60)
class SquadReaderFuzzTest {
    /** JSON tokens the mutator inserts. */
    static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", "\"", ":", ",", "\\u", "\\ud800", "null",
            "true", "1e999", "-0", "99999999999999999999", "\"answer_start\": -1", "\"id\": \"q1\"", "[[[[[[[[");

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void mutatedSquadFilesAreReadOrRejectedNamingTheFile() throws IOException {
        byte[] valid = Files.readAllBytes(SquadReaderTest.fixture(dir));
        Path file = dir.resolve("fuzz-squad.json");
        Fuzz.Report r = Fuzz.reader("SQuAD JSON").seed(51).cases(3000).inputs(List.of(valid))
                .dictionary(JSON_TOKENS)
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> SquadReader.read(Files.write(file, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }
}

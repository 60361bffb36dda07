package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Mutated CSV and JSONL text-classification files end in a dataset or a {@link DataFileException} naming the file. */
@Timeout(60)
class TextClassificationReaderFuzzTest {
    private static final String CSV = """
            text,pair,label
            "A great, chewy snack",fine,great
            "He said ""wow""\nand left",meh,other
            plain text,x,great
            """;
    private static final String JSONL = """
            {"text": "A great snack", "pair": "fine", "label": "great"}
            {"text": "He said \\"wow\\"\\u00e9", "pair": "meh", "label": 1}
            {"text": "plain", "pair": "x", "label": true}
            """;

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    @Test
    void mutatedCsvFilesAreReadOrRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("fuzz.csv");
        TextClassificationReader reader = TextClassificationReader.of("text", "label").withTextPair("pair");
        Fuzz.Report r = Fuzz.reader("text CSV").seed(71).cases(3000)
                .inputs(List.of(CSV.getBytes(StandardCharsets.UTF_8)))
                .dictionary(List.of("\"", "\"\"", ",", "\n", "\r\n", "\r", "text", "label", "\u00e9", "\ufeff"))
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> reader.read(Files.write(file, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void mutatedJsonlFilesAreReadOrRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("fuzz.jsonl");
        TextClassificationReader reader = TextClassificationReader.of("text", "label").withTextPair("pair");
        Fuzz.Report r = Fuzz.reader("text JSONL").seed(72).cases(3000)
                .inputs(List.of(JSONL.getBytes(StandardCharsets.UTF_8)))
                .dictionary(List.of("{", "}", "[", "]", "\"", ":", ",", "\\u", "\\ud800", "null", "1e999",
                        "99999999999999999999", "\n", "[[[[[[[[[[[[", "\"label\": {}"))
                .rejectsWith(DataFileException.class).messageNames(file.toString())
                .run(bytes -> reader.read(Files.write(file, bytes)));
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }
}

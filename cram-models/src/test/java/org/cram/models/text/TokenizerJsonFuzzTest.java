package org.cram.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cram.api.testing.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile tokenizer.json: mutated files end in a working tokenizer or a {@link JsonException} / IOException naming the file. */
@Timeout(60)
class TokenizerJsonFuzzTest {
    static final String TINY = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [{"id": 0, "content": "[PAD]", "special": true}, {"id": 1, "content": "[UNK]", "special": true},
               {"id": 2, "content": "[CLS]", "special": true}, {"id": 3, "content": "[SEP]", "special": true}],
             "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
               "strip_accents": null, "lowercase": true},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
               "max_input_chars_per_word": 100,
               "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4, "world": 5, "##s": 6, "un": 7,
                 "##able": 8, ",": 9, "!": 10}}}
            """;
    private static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", "\"", ":", ",", "2147483647",
            "-1", "1e999", "null", "[]", "{}", "\"##\"", "\"\"", "\"id\": 2000000000", "\\u0000");

    private static Object read(byte[] bytes) throws IOException {
        WordPieceTokenizer t = WordPieceTokenizer.fromJson(new ByteArrayInputStream(bytes), "fuzz-tokenizer.json");
        return t.encode("Hello worlds, unable!", "hello", 12, Truncation.LONGEST_FIRST, true);
    }

    @Test
    void theTinyTokenizerWorks() throws IOException {
        WordPieceTokenizer t = WordPieceTokenizer.fromJson(new ByteArrayInputStream(TINY.getBytes(StandardCharsets.UTF_8)),
                "tiny.json");
        assertThat(t.vocabSize()).isEqualTo(11);
        assertThat(t.tokenize("unable worlds").stream().map(WordPieceTokenizer.Token::id))
                .containsExactly(7, 8, 5, 6);
    }

    @Test
    void mutatedTokenizerFilesAreReadOrRejectedNamingTheFile() {
        Fuzz.Report r = Fuzz.reader("tokenizer.json").seed(91).cases(3000)
                .inputs(List.of(TINY.getBytes(StandardCharsets.UTF_8))).dictionary(JSON_TOKENS)
                .rejectsWith(JsonException.class, IOException.class).messageNames("fuzz-tokenizer.json")
                .run(TokenizerJsonFuzzTest::read);
        assertThat(r.rejected()).isPositive();
        assertThat(r.valid()).isPositive();
    }

    @Test
    void tokenIdsFarBeyondTheVocabularyAreRejectedBeforeAllocatingATableForThem() {
        String huge = TINY.replace("\"!\": 10", "\"!\": 2000000000");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> read(huge.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonException.class).hasMessageContaining("fuzz-tokenizer.json")
                .hasMessageContaining("2000000000");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated").isLessThan(16 << 20);
        assertThatThrownBy(() -> read(TINY.replace("{\"id\": 3, \"content\"", "{\"id\": -3, \"content\"")
                .replace("\"[SEP]\": 3, ", "").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonException.class).hasMessageContaining("fuzz-tokenizer.json")
                .hasMessageContaining("-3");
    }
}

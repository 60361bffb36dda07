package org.cram.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WordPiece tokenizer against bert-base-uncased ids, with all-MiniLM-L6-v2's tokenizer.json. */
class WordPieceTokenizerTest {
    private static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            assertThat(in).as("tokenizer.json on the test class path").isNotNull();
            tokenizer = WordPieceTokenizer.fromJson(in, "all-minilm-l6-v2-tokenizer.json");
        }
    }

    @Test
    void encodesTheReferenceSentenceWithBertBaseUncasedIds() {
        Encoding e = tokenizer.encode("A man is eating food.");
        assertThat(e.ids()).containsExactly(101, 1037, 2158, 2003, 5983, 2833, 1012, 102);
        assertThat(e.tokens()).containsExactly("[CLS]", "a", "man", "is", "eating", "food", ".", "[SEP]");
        assertThat(e.attentionMask()).containsOnly(1);
        assertThat(e.typeIds()).containsOnly(0);
        assertThat(e.sequenceIds()).containsExactly(-1, 0, 0, 0, 0, 0, 0, -1);
        // offsets into the original text; specials get (0, 0)
        int[][] offsets = new int[e.length()][];
        for (int i = 0; i < e.length(); i++) {
            offsets[i] = new int[] {e.start(i), e.end(i)};
        }
        assertThat(offsets).isDeepEqualTo(new int[][] {{0, 0}, {0, 1}, {2, 5}, {6, 8}, {9, 15}, {16, 20}, {20, 21},
            {0, 0}});
        assertThat(tokenizer.vocabSize()).isEqualTo(30522);
    }

    @Test
    void punctuationIsSplitAndWordPiecesContinueWithHashes() {
        assertThat(tokenizer.encode("Hello, how are you?").ids())
                .containsExactly(101, 7592, 1010, 2129, 2024, 2017, 1029, 102);
        // the example of the BERT README (uncased)
        assertThat(tokens("John Johanson's house")).containsExactly("john", "johan", "##son", "'", "s", "house");
        assertThat(tokens("unaffable")).containsExactly("una", "##ffa", "##ble");
        assertThat(tokens("x#a...b")).containsExactly("x", "#", "a", ".", ".", ".", "b");
    }

    @Test
    void accentsAreStrippedCaseIsFoldedAndCjkIsSplitPerCharacter() {
        assertThat(tokens("Héllo WÖRLD!")).containsExactly("hello", "world", "!");
        assertThat(tokens("Café naïve")).containsExactly("cafe", "naive");
        // decomposed input (e + combining acute) normalizes the same
        assertThat(tokens("Cafe\u0301")).containsExactly("cafe");
        assertThat(tokens("中人")).containsExactly("中", "人");
        // control and zero-width characters vanish, exotic whitespace separates
        assertThat(tokens("the\u200Bquick\u00A0brown\tfox\u0007")).containsExactly("the", "##qui", "##ck", "brown",
                "fox");
    }

    @Test
    void unknownCharactersAndOverlongWordsBecomeUnk() {
        Encoding e = tokenizer.encode("I like 🙂 emoji");
        assertThat(e.tokens()).containsExactly("[CLS]", "i", "like", "[UNK]", "em", "##oj", "##i", "[SEP]");
        assertThat(e.id(3)).isEqualTo(tokenizer.unkId());
        // the unknown token spans the whole emoji (a surrogate pair) in the original text
        assertThat(e.start(3)).isEqualTo(7);
        assertThat(e.end(3)).isEqualTo(9);
        String longWord = "a".repeat(101);
        assertThat(tokens(longWord)).containsExactly("[UNK]");
        assertThat(tokens("a".repeat(100))).doesNotContain("[UNK]");
    }

    @Test
    void literalSpecialTokensAreRecognisedBeforeNormalization() {
        assertThat(tokenizer.encode("the [MASK] barked").ids()).containsExactly(101, 1996, 103, tokenId("barked"),
                102);
        assertThat(tokens("the [mask]")).containsExactly("the", "[", "mask", "]");
    }

    @Test
    void pairsGetTokenTypesAndSequenceIds() {
        Encoding e = tokenizer.encode("How old are you?", "I am 6.");
        assertThat(e.tokens()).containsExactly("[CLS]", "how", "old", "are", "you", "?", "[SEP]", "i", "am", "6",
                ".", "[SEP]");
        assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
        assertThat(e.sequenceIds()).containsExactly(-1, 0, 0, 0, 0, 0, -1, 1, 1, 1, 1, -1);
        // offsets of the second text index the second text
        assertThat(e.start(9)).isEqualTo(5);
        assertThat(e.end(9)).isEqualTo(6);
    }

    @Test
    void truncationAndPadding() {
        Encoding single = tokenizer.encode("the quick brown fox jumps over the lazy dog", null, 6,
                Truncation.LONGEST_FIRST, true);
        assertThat(single.tokens()).containsExactly("[CLS]", "the", "quick", "brown", "fox", "[SEP]");
        Encoding padded = tokenizer.encode("the dog", null, 6, Truncation.LONGEST_FIRST, true);
        assertThat(padded.ids()).containsExactly(101, 1996, 3899, 102, 0, 0);
        assertThat(padded.attentionMask()).containsExactly(1, 1, 1, 1, 0, 0);
        assertThat(padded.sequenceIds()).containsExactly(-1, 0, 0, -1, -1, -1);
        assertThat(padded.realLength()).isEqualTo(4);

        // longest first: 9 + 2 tokens into 10 - 3 = 7 -> the longer keeps 5
        Encoding pair = tokenizer.encode("the quick brown fox jumps over the lazy dog", "a b", 10,
                Truncation.LONGEST_FIRST, false);
        assertThat(pair.tokens()).containsExactly("[CLS]", "the", "quick", "brown", "fox", "jumps", "[SEP]", "a", "b",
                "[SEP]");
        // both long: budget split in halves, the odd one to the second
        Encoding both = tokenizer.encode("a b c a b c", "a b c a b c", 10, Truncation.LONGEST_FIRST, false);
        assertThat(Arrays.stream(both.sequenceIds()).filter(s -> s == 0).count()).isEqualTo(3);
        assertThat(Arrays.stream(both.sequenceIds()).filter(s -> s == 1).count()).isEqualTo(4);
        // only the second: the question stays whole
        Encoding qa = tokenizer.encode("how old are you", "the quick brown fox jumps over the lazy dog", 10,
                Truncation.ONLY_SECOND, true);
        assertThat(qa.tokens()).containsExactly("[CLS]", "how", "old", "are", "you", "[SEP]", "the", "quick", "brown",
                "[SEP]");
        assertThatThrownBy(() -> tokenizer.encode("the quick brown fox jumps over the lazy dog", "a", 6,
                Truncation.ONLY_SECOND, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first text alone has 9 tokens");
        assertThatThrownBy(() -> tokenizer.encode("a", "b", 2, Truncation.LONGEST_FIRST, false))
                .hasMessageContaining("max length 2");
    }

    @Test
    void offsetsMapTokensBackToTheOriginalText() {
        String text = "Ünïcode  DÉJÀ vu, naïvely!";
        Encoding e = tokenizer.encode(text);
        assertThat(e.length()).isGreaterThan(8);
        for (int i = 1; i < e.length() - 1; i++) {
            String piece = text.substring(e.start(i), e.end(i));
            String token = e.token(i).replace("##", "");
            assertThat(java.text.Normalizer.normalize(piece, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{Mn}", "").toLowerCase(java.util.Locale.ROOT)).isEqualTo(token);
        }
    }

    @Test
    void decodeJoinsPiecesAndCleansPunctuation() {
        int[] ids = tokenizer.encode("John Johanson's house, isn't it? Yes.").ids();
        assertThat(tokenizer.decode(ids, true)).isEqualTo("john johanson's house, isn't it? yes.");
        assertThat(tokenizer.decode(ids, false)).startsWith("[CLS] john");
    }

    @Test
    void unsupportedConfigurationsAreNamedByJsonPath() {
        String json = "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}";
        assertThatThrownBy(() -> WordPieceTokenizer.fromJson(JsonNode.root(Json.parse(json, "t.json"), "t.json")))
                .isInstanceOf(JsonException.class).hasMessageContaining("t.json: $.model.type")
                .hasMessageContaining("BPE");
        String noUnk = "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[CLS]\": 0, \"[SEP]\": 1}}}";
        assertThatThrownBy(() -> WordPieceTokenizer.fromJson(JsonNode.root(Json.parse(noUnk, "t.json"), "t.json")))
                .hasMessageContaining("t.json: token '[UNK]' is not in the vocabulary");
    }

    private static List<String> tokens(String text) {
        return tokenizer.tokenize(text).stream().map(WordPieceTokenizer.Token::text).toList();
    }

    private static int tokenId(String token) {
        return tokenizer.tokenId(token);
    }
}

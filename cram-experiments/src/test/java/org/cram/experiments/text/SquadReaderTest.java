package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.data.Batch;
import org.cram.experiments.data.DataFileException;
import org.cram.models.text.Encoding;
import org.cram.models.text.Truncation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQuAD v1.1 reading and answer-span mapping on a generated fixture: the tokens between the mapped start and end
 * decode back to the answer, and their offsets cut exactly the answer out of the context.
 */
class SquadReaderTest {
    private static final String LONG_TAIL = " filler".repeat(60);

    /** {@code answer_start} counts code points, as Python does. */
    private static String answer(String context, String text) {
        int utf16 = context.indexOf(text);
        assertThat(utf16).as("fixture answer '%s' in context", text).isNotNegative();
        return "{\"text\": " + quote(text) + ", \"answer_start\": " + context.codePointCount(0, utf16) + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String qa(String id, String question, String... answers) {
        return "{\"id\": " + quote(id) + ", \"question\": " + quote(question) + ", \"answers\": ["
                + String.join(", ", answers) + "]}";
    }

    private static String paragraph(String context, String... qas) {
        return "{\"context\": " + quote(context) + ", \"qas\": [" + String.join(", ", qas) + "]}";
    }

    static Path fixture(Path dir) throws IOException {
        String c1 = "Super Bowl 50 was an American football game played on February 7, 2016, at Levi's Stadium in "
                + "Santa Clara, California. The Denver Broncos defeated the Carolina Panthers 24–10.";
        String c2 = "🙂 Émile Zola wrote Germinal in 1885; its naïve miners strike at Montsou.";
        String c3 = "The answer hides at the very end of a long context" + LONG_TAIL + " the treasure is gold.";
        String json = "{\"version\": \"1.1\", \"data\": [{\"title\": \"Super_Bowl_50\", \"paragraphs\": ["
                + paragraph(c1,
                    qa("q1", "Which team won Super Bowl 50?", answer(c1, "Denver Broncos")),
                    qa("q2", "Where was the game played?", answer(c1, "Levi's Stadium"),
                        answer(c1, "Santa Clara, California")),
                    qa("q3", "What was the final score?", answer(c1, "24–10")),
                    qa("q4", "When was it played?", answer(c1, "February 7, 2016")))
                + "]}, {\"title\": \"Zola\", \"paragraphs\": ["
                + paragraph(c2,
                    qa("q5", "Who wrote Germinal?", answer(c2, "Émile Zola")),
                    qa("q6", "How are the miners described?", answer(c2, "naïve")),
                    qa("q7", "Where do they strike?", answer(c2, "Montsou")))
                + ", " + paragraph(c3, qa("q8", "What is the treasure?", answer(c3, "gold")))
                + "]}]}";
        Path file = dir.resolve("squad-fixture.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsQuestionsWithAnswerSpans(@TempDir Path dir) throws IOException {
        List<SquadExample> examples = SquadReader.read(fixture(dir));
        assertThat(examples).extracting(SquadExample::id).containsExactly("q1", "q2", "q3", "q4", "q5", "q6", "q7",
                "q8");
        SquadExample q2 = examples.get(1);
        assertThat(q2.title()).isEqualTo("Super_Bowl_50");
        assertThat(q2.answers()).hasSize(2);
        for (SquadExample e : examples) {
            for (SquadExample.Answer a : e.answers()) {
                assertThat(e.context().substring(a.start(), a.end())).isEqualTo(a.text());
            }
        }
        // after the emoji (one code point, two UTF-16 chars) the start is converted to a UTF-16 index
        SquadExample.Answer zola = examples.get(4).answers().get(0);
        assertThat(zola.start()).isEqualTo(3);
    }

    @Test
    void answerSpansMapToTokenPositionsThatDecodeToTheAnswer(@TempDir Path dir) throws IOException {
        List<SquadExample> examples = SquadReader.read(fixture(dir));
        TextBatchEncoder encoder = new TextBatchEncoder(TextBatchEncoderTest.tokenizerForTests(), 64,
                Truncation.ONLY_SECOND, false);
        SquadFeatures features = new SquadFeatures(encoder);
        List<SquadFeatures.Feature> all = new ArrayList<>();
        for (SquadExample e : examples) {
            SquadFeatures.Feature f = features.encode(e);
            all.add(f);
            if (e.id().equals("q8")) {
                // the answer sits beyond the 64 tokens kept: position 0 ([CLS]), as Hugging Face
                assertThat(f.startPosition()).isZero();
                assertThat(f.endPosition()).isZero();
                continue;
            }
            Encoding enc = f.encoding();
            SquadExample.Answer a = e.answers().get(0);
            assertThat(f.startPosition()).as(e.id()).isPositive().isLessThanOrEqualTo(f.endPosition());
            assertThat(enc.sequenceId(f.startPosition())).isEqualTo(1);
            assertThat(enc.sequenceId(f.endPosition())).isEqualTo(1);
            // the offsets cut exactly the answer out of the context
            assertThat(e.context().substring(enc.start(f.startPosition()), enc.end(f.endPosition())))
                    .isEqualTo(a.text());
            // decoding the tokens between start and end gives the (normalized) answer
            int[] ids = Arrays.copyOfRange(enc.ids(), f.startPosition(), f.endPosition() + 1);
            String decoded = encoder.tokenizer().decode(ids, true);
            assertThat(decoded.replace(" ", "")).as(e.id()).isEqualTo(normalized(a.text()).replace(" ", ""));
        }
        Batch batch = features.batch(all);
        assertThat(batch.size()).isEqualTo(8);
        assertThat(batch.labels()).containsExactly(all.stream().mapToInt(SquadFeatures.Feature::startPosition)
                .toArray());
        assertThat(batch.labels(Batch.END_POSITIONS)).containsExactly(all.stream()
                .mapToInt(SquadFeatures.Feature::endPosition).toArray());
        assertThat(batch.features().size(1)).isEqualTo(64);

        SquadExample longQuestion = new SquadExample("long", "", "why".repeat(1).concat(" why".repeat(80)),
                "because", List.of(new SquadExample.Answer("because", 0)));
        assertThatThrownBy(() -> features.encode(longQuestion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("question 'long': the first text alone has 81 tokens");
    }

    private static String normalized(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{Mn}", "")
                .toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void structuralErrorsNameTheFileAndJsonPath(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, "{\"data\": [{\"paragraphs\": [{\"qas\": []}]}]}");
        assertThatThrownBy(() -> SquadReader.read(missing)).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": $.data[0].paragraphs[0]: missing member 'context'");

        Path badStart = dir.resolve("start.json");
        Files.writeString(badStart, "{\"data\": [{\"paragraphs\": [{\"context\": \"abc\", \"qas\": [{\"id\": \"x\","
                + " \"question\": \"q\", \"answers\": [{\"text\": \"c\", \"answer_start\": 7}]}]}]}]}");
        assertThatThrownBy(() -> SquadReader.read(badStart)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(badStart + ": $.data[0].paragraphs[0].qas[0].answers[0].answer_start: ")
                .hasMessageContaining("outside the context of 3 characters");

        Path mismatch = dir.resolve("mismatch.json");
        Files.writeString(mismatch, "{\"data\": [{\"paragraphs\": [{\"context\": \"abc\", \"qas\": [{\"id\": \"x\","
                + " \"question\": \"q\", \"answers\": [{\"text\": \"c\", \"answer_start\": 1}]}]}]}]}");
        assertThatThrownBy(() -> SquadReader.read(mismatch))
                .hasMessageContaining("$.data[0].paragraphs[0].qas[0].answers[0]: answer text \"c\" does not occur"
                        + " at answer_start 1 of the context (found \"b\")");

        Path wrongType = dir.resolve("type.json");
        Files.writeString(wrongType, "{\"data\": {}}");
        assertThatThrownBy(() -> SquadReader.read(wrongType))
                .hasMessage(wrongType + ": $.data: expected an array, found an object");

        Path syntax = dir.resolve("syntax.json");
        Files.writeString(syntax, "{\"data\": [\n  {\"paragraphs\": [,]}]}");
        assertThatThrownBy(() -> SquadReader.read(syntax)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(syntax + ": line 2, column 19");

        assertThatThrownBy(() -> SquadReader.read(dir.resolve("absent.json"))).isInstanceOf(DataFileException.class)
                .hasMessageContaining("absent.json");
    }
}

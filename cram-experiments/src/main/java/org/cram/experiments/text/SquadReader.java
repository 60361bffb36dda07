package org.cram.experiments.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cram.experiments.data.DataFileException;
import org.cram.models.text.Json;
import org.cram.models.text.JsonException;
import org.cram.models.text.JsonNode;

/**
 * Reads SQuAD v1.1 JSON ({@code data -> paragraphs -> context, qas -> question, id, answers [{text,
 * answer_start}]}). Every answer is checked to occur at its {@code answer_start} (which counts Unicode code points,
 * as Python does) in its context. Errors are {@link DataFileException}s naming the file and the JSON path of the
 * problem, e.g. {@code train.json: $.data[0].paragraphs[3].qas[1].answers[0].answer_start: ...}.
 */
public final class SquadReader {
    /** Largest file accepted (SQuAD v1.1 train is about 30 MB). */
    public static final long MAX_BYTES = 512L << 20;

    private SquadReader() {
    }

    /** All questions of a SQuAD v1.1 file, in file order. */
    public static List<SquadExample> read(Path file) {
        Object json;
        try {
            json = Json.parse(file, MAX_BYTES);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read SQuAD JSON: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new DataFileException(file, withoutSource(e, file), e);
        }
        try {
            return examples(JsonNode.root(json, file.toString()));
        } catch (JsonException e) {
            throw new DataFileException(file, withoutSource(e, file), e);
        }
    }

    private static String withoutSource(JsonException e, Path file) {
        String prefix = file + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /**
     * The questions of a parsed SQuAD document.
     *
     * @throws JsonException naming the JSON path of a structural problem
     */
    public static List<SquadExample> examples(JsonNode root) {
        List<SquadExample> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode article : root.get("data").elements()) {
            String title = article.find("title").map(JsonNode::asString).orElse("");
            for (JsonNode paragraph : article.get("paragraphs").elements()) {
                String context = paragraph.get("context").asString();
                int contextCodePoints = context.codePointCount(0, context.length());
                for (JsonNode qa : paragraph.get("qas").elements()) {
                    JsonNode idNode = qa.get("id");
                    String id = idNode.asString();
                    if (!ids.add(id)) {
                        throw idNode.error("duplicate question id '" + id + "'");
                    }
                    String question = qa.get("question").asString();
                    List<SquadExample.Answer> answers = new ArrayList<>();
                    for (JsonNode a : qa.get("answers").elements()) {
                        String text = a.get("text").asString();
                        JsonNode startNode = a.get("answer_start");
                        int start = startNode.asInt();
                        if (start < 0 || start > contextCodePoints) {
                            throw startNode.error("answer_start " + start + " is outside the context of "
                                    + contextCodePoints + " characters");
                        }
                        int utf16 = context.offsetByCodePoints(0, start);
                        if (text.isEmpty() || !context.startsWith(text, utf16)) {
                            String found = context.substring(utf16, Math.min(context.length(),
                                    utf16 + Math.max(text.length(), 1)));
                            throw a.error("answer text \"" + text + "\" does not occur at answer_start " + start
                                    + " of the context (found \"" + found + "\")");
                        }
                        answers.add(new SquadExample.Answer(text, utf16));
                    }
                    if (answers.isEmpty()) {
                        throw qa.get("answers").error("no answers (SQuAD v1.1 questions all have one)");
                    }
                    out.add(new SquadExample(id, title, question, context, answers));
                }
            }
        }
        return out;
    }
}

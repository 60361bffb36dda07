package org.cram.experiments.text;

import java.util.List;
import java.util.Objects;

/**
 * One SQuAD v1.1 question with its context and reference answers.
 *
 * @param id       the question id
 * @param title    the article title (empty if absent)
 * @param question the question
 * @param context  the paragraph the answers come from
 * @param answers  the reference answers (at least one)
 */
public record SquadExample(String id, String title, String question, String context, List<Answer> answers) {

    public SquadExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(context, "context");
        answers = List.copyOf(answers);
    }

    /**
     * An answer span of the context.
     *
     * @param text  the answer text, equal to {@code context.substring(start, end())}
     * @param start its first char in the context (a UTF-16 index; SQuAD's {@code answer_start} counts code points
     *              and is converted when reading)
     */
    public record Answer(String text, int start) {
        /** Index just past the answer in the context. */
        public int end() {
            return start + text.length();
        }
    }
}

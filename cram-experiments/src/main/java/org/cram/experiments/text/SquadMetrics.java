package org.cram.experiments.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The official SQuAD v1.1 metrics ({@code evaluate-v1.1.py}): exact match and token F1 of a predicted answer against
 * each reference answer after normalization, the best over the references. Normalization lower-cases, removes ASCII
 * punctuation (Python's {@code string.punctuation}), removes the articles a, an and the, and collapses whitespace.
 * Scores are fractions in [0, 1] (the official script reports them times 100).
 */
public final class SquadMetrics {
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadMetrics() {
    }

    /** The official normalization: lower case, no punctuation, no articles, single spaces, trimmed. */
    public static String normalize(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        s = PUNCTUATION.matcher(s).replaceAll("");
        s = ARTICLES.matcher(s).replaceAll(" ");
        return WHITESPACE.matcher(s).replaceAll(" ").strip();
    }

    /** 1 if the normalized texts are equal, else 0. */
    public static double exactMatch(String prediction, String reference) {
        return normalize(prediction).equals(normalize(reference)) ? 1 : 0;
    }

    /** Token F1 of the normalized texts (bag of tokens); 0 when they share no token. */
    public static double f1(String prediction, String reference) {
        List<String> predicted = tokens(prediction);
        List<String> gold = tokens(reference);
        Map<String, Integer> counts = new HashMap<>();
        gold.forEach(t -> counts.merge(t, 1, Integer::sum));
        int same = 0;
        for (String t : predicted) {
            Integer left = counts.get(t);
            if (left != null && left > 0) {
                counts.put(t, left - 1);
                same++;
            }
        }
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / predicted.size();
        double recall = (double) same / gold.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> tokens(String text) {
        String n = normalize(text);
        return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
    }

    /** The best exact match over the references. */
    public static double bestExactMatch(String prediction, List<String> references) {
        return references.stream().mapToDouble(r -> exactMatch(prediction, r)).max().orElseThrow(
                () -> new IllegalArgumentException("no reference answers"));
    }

    /** The best F1 over the references. */
    public static double bestF1(String prediction, List<String> references) {
        return references.stream().mapToDouble(r -> f1(prediction, r)).max().orElseThrow(
                () -> new IllegalArgumentException("no reference answers"));
    }

    /**
     * Mean exact match and F1 over questions.
     *
     * @param predictions one predicted answer per question
     * @param references  the reference answers of each question, in the same order
     */
    public static Result score(List<String> predictions, List<List<String>> references) {
        if (predictions.size() != references.size() || predictions.isEmpty()) {
            throw new IllegalArgumentException("need equally many (> 0) predictions and reference lists, got "
                    + predictions.size() + " and " + references.size());
        }
        double em = 0;
        double f1 = 0;
        for (int i = 0; i < predictions.size(); i++) {
            em += bestExactMatch(predictions.get(i), references.get(i));
            f1 += bestF1(predictions.get(i), references.get(i));
        }
        return new Result(em / predictions.size(), f1 / predictions.size(), predictions.size());
    }

    /**
     * @param exactMatch mean exact match in [0, 1]
     * @param f1         mean F1 in [0, 1]
     * @param questions  how many questions were scored
     */
    public record Result(double exactMatch, double f1, int questions) {
    }
}

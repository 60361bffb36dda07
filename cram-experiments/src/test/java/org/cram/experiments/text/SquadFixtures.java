package org.cram.experiments.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated SQuAD v1.1 files for tests: short biographies ("anna berg was born in paris in 1901 and later worked as
 * a doctor for many years.") with three questions each (where, when, what as), the answers at their true offsets; one question also
 * has a second reference answer.
 */
public final class SquadFixtures {
    private static final List<String> FIRST = List.of("anna", "peter", "maria", "john", "laura", "david", "emma",
            "paul");
    private static final List<String> LAST = List.of("berg", "stone", "hill", "wood", "brook", "field");
    private static final List<String> CITIES = List.of("paris", "london", "berlin", "madrid", "vienna", "rome",
            "dublin", "oslo");
    private static final List<String> JOBS = List.of("doctor", "teacher", "painter", "farmer", "lawyer", "writer");

    private SquadFixtures() {
    }

    /** Writes {@code articles} articles of one paragraph and three questions each; ids start at {@code prefix}. */
    public static Path write(Path file, int articles, long seed, String prefix) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> items = new ArrayList<>();
        for (int a = 0; a < articles; a++) {
            String name = pick(FIRST, random) + " " + pick(LAST, random);
            String city = pick(CITIES, random);
            String year = String.valueOf(1850 + random.nextInt(150));
            String job = pick(JOBS, random);
            String context = name + " was born in " + city + " in " + year + " and later worked as a " + job
                    + " for many years.";
            String id = prefix + a;
            String qas = String.join(", ",
                    qa(id + "-where", "Where was " + name + " born?", context, city),
                    qa(id + "-when", "When was " + name + " born?", context, year, "in " + year),
                    qa(id + "-what", "What did " + name + " work as?", context, "a " + job));
            items.add("{\"title\": \"" + name + "\", \"paragraphs\": [{\"context\": \"" + context
                    + "\", \"qas\": [" + qas + "]}]}");
        }
        Files.writeString(file, "{\"version\": \"1.1\", \"data\": [" + String.join(", ", items) + "]}");
        return file;
    }

    private static String qa(String id, String question, String context, String... answers) {
        List<String> out = new ArrayList<>();
        for (String answer : answers) {
            int start = context.indexOf(answer);
            out.add("{\"text\": \"" + answer + "\", \"answer_start\": " + start + "}");
        }
        return "{\"id\": \"" + id + "\", \"question\": \"" + question + "\", \"answers\": [" + String.join(", ", out)
                + "]}";
    }

    private static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }
}

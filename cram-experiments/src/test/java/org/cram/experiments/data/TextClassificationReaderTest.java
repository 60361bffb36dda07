package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassificationReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void csvSingleTextsWithSortedLabels() throws IOException {
        Path file = write("reviews.csv", "id,review,score\n"
                + "1,\"Great, really \"\"great\"\" tea\",positive\n"
                + "2,\"Line one\nline two\",negative\n"
                + "3,meh,neutral\n"
                + "4,,positive\n");

        TextDataset data = TextClassificationReader.of("review", "score").read(file);

        assertThat(data.name()).isEqualTo("reviews.csv");
        assertThat(data.classNames()).containsExactly("negative", "neutral", "positive");
        assertThat(data.size()).isEqualTo(4);
        assertThat(data.example(0)).isEqualTo(TextExample.of("Great, really \"great\" tea", 2));
        assertThat(data.example(1).text()).isEqualTo("Line one\nline two");
        assertThat(data.example(3).text()).isEmpty();
        assertThat(data.labels()).containsExactly(2, 0, 1, 2);
        assertThat(data.classCounts()).containsExactly(1, 1, 2);
        assertThat(data.hasTextPairs()).isFalse();
        assertThat(data.example(0).pair()).isEmpty();
    }

    @Test
    void csvTextPairsAndGivenLabelOrder() throws IOException {
        Path file = write("nli.csv", "premise,hypothesis,label\n"
                + "A man sleeps.,A person rests.,entailment\n"
                + "\"He said \"\"no\"\".\",He agreed.,contradiction\n");

        TextDataset data = TextClassificationReader.of("premise", "label").withTextPair("hypothesis")
                .withClassNames(List.of("entailment", "neutral", "contradiction")).readCsv(file);

        assertThat(data.classNames()).containsExactly("entailment", "neutral", "contradiction");
        assertThat(data.example(0)).isEqualTo(new TextExample("A man sleeps.", "A person rests.", 0));
        assertThat(data.example(1)).isEqualTo(new TextExample("He said \"no\".", "He agreed.", 2));
        assertThat(data.hasTextPairs()).isTrue();
        assertThat(data.classCounts()).containsExactly(1, 0, 1);
    }

    @Test
    void integerLabelsSortNumerically() throws IOException {
        Path file = write("n.csv", "t,l\na,10\nb,2\nc,-1\nd,2\n");

        TextDataset data = TextClassificationReader.of("t", "l").read(file);

        assertThat(data.classNames()).containsExactly("-1", "2", "10");
        assertThat(data.labels()).containsExactly(2, 1, 0, 1);
    }

    @Test
    void csvErrorsNameFileLineAndProblem() throws IOException {
        Path missing = write("m.csv", "text,lab\nx,y\n");
        assertThatThrownBy(() -> TextClassificationReader.of("text", "label").read(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": line 1: missing column 'label'; the header has [text, lab]");

        Path unknown = write("u.csv", "text,label\na,pos\n\"b\nb\",neg\nc,maybe\n");
        assertThatThrownBy(() -> TextClassificationReader.of("text", "label")
                .withClassNames(List.of("neg", "pos")).read(unknown))
                .isInstanceOf(DataFileException.class)
                .hasMessage(unknown + ": line 5: unknown label 'maybe'; the known classes are [neg, pos]");

        Path ragged = write("r.csv", "text,label\na,pos\nb,neg,extra\n");
        assertThatThrownBy(() -> TextClassificationReader.of("text", "label").read(ragged))
                .isInstanceOf(DataFileException.class)
                .hasMessage(ragged + ": line 3: record has 3 field(s) but the header has 2");

        Path quote = write("q.csv", "text,label\nsay \"hi\",pos\n");
        assertThatThrownBy(() -> TextClassificationReader.of("text", "label").read(quote))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(quote + ": line 2: double quote inside unquoted field 1");

        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> TextClassificationReader.of("text", "label").read(empty))
                .isInstanceOf(DataFileException.class)
                .hasMessage(empty + ": empty CSV file: no header record");

        Path headerOnly = write("h.csv", "text,label\n");
        assertThatThrownBy(() -> TextClassificationReader.of("text", "label").read(headerOnly))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("no examples");

        Path latin1 = dir.resolve("l.csv");
        Files.write(latin1, new byte[] {'t', ',', 'l', '\n', 'c', 'a', 'f', (byte) 0xE9, ',', 'x', '\n'});
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(latin1))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(latin1 + ": line 2: not valid UTF-8");
    }

    @Test
    void jsonlTextsPairsAndLabelsOfAnyScalarType() throws IOException {
        Path file = write("d.jsonl", "{\"q\": \"Is it \\\"good\\\"?\", \"a\": \"Yes,\\nvery\", \"y\": 1}\n"
                + "\n"
                + "   \n"
                + "{\"y\": 0, \"a\": \"No\", \"q\": \"Bad?\", \"extra\": [1, {\"x\": null}]}\r\n"
                + "{\"q\": \"Ok?\", \"a\": \"So so\", \"y\": 1.0}");

        TextDataset data = TextClassificationReader.of("q", "y").withTextPair("a").read(file);

        assertThat(data.classNames()).containsExactly("0", "1");
        assertThat(data.examples()).containsExactly(new TextExample("Is it \"good\"?", "Yes,\nvery", 1),
                new TextExample("Bad?", "No", 0), new TextExample("Ok?", "So so", 1));

        Path bools = write("b.ndjson", "{\"t\": \"x\", \"l\": true}\n{\"t\": \"y\", \"l\": false}\n");
        assertThat(TextClassificationReader.of("t", "l").read(bools).classNames()).containsExactly("false", "true");
    }

    @Test
    void jsonlErrorsNameFileLineAndProblem() throws IOException {
        Path bad = write("bad.jsonl", "{\"t\": \"a\", \"l\": \"x\"}\n\n{\"t\": \"b\", \"l\": \"y\",}\n");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(bad))
                .isInstanceOf(DataFileException.class)
                .hasMessage(bad + ": line 3: bad JSON: expected a string key at column 21");

        Path missing = write("m.jsonl", "{\"t\": \"a\", \"l\": \"x\"}\n{\"text\": \"b\", \"l\": \"y\"}\n");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": line 2: missing field 't'; the object has [text, l]");

        Path notText = write("n.jsonl", "{\"t\": 5, \"l\": \"x\"}\n");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(notText))
                .isInstanceOf(DataFileException.class)
                .hasMessage(notText + ": line 1: field 't' must be a string, found a number");

        Path nullLabel = write("nl.jsonl", "{\"t\": \"a\", \"l\": null}\n");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(nullLabel))
                .isInstanceOf(DataFileException.class)
                .hasMessage(nullLabel + ": line 1: field 'l' is null");

        Path array = write("a.jsonl", "{\"t\": \"a\", \"l\": \"x\"}\n[1]\n");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(array))
                .isInstanceOf(DataFileException.class)
                .hasMessage(array + ": line 2: expected a JSON object, found an array");

        Path unknown = write("u.jsonl", "{\"t\": \"a\", \"l\": \"x\"}\n{\"t\": \"b\", \"l\": \"z\"}\n");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").withClassNames(List.of("x", "y"))
                .read(unknown))
                .isInstanceOf(DataFileException.class)
                .hasMessage(unknown + ": line 2: unknown label 'z'; the known classes are [x, y]");
    }

    @Test
    void unknownExtensionAndMissingFileAreNamed() throws IOException {
        Path txt = write("x.txt", "");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(txt))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("expected a .csv, .jsonl or .ndjson file");
        Path absent = dir.resolve("absent.csv");
        assertThatThrownBy(() -> TextClassificationReader.of("t", "l").read(absent))
                .isInstanceOf(DataFileException.class)
                .hasMessage(absent + ": file not found");
    }

    @Test
    void textDatasetIsImmutableAndValidated() {
        TextDataset data = new TextDataset("d", List.of("a", "b"), List.of(TextExample.of("x", 1)));
        assertThatThrownBy(() -> data.examples().add(TextExample.of("y", 0)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new TextDataset("d", List.of("a"), List.of(TextExample.of("x", 1))))
                .hasMessageContaining("label 1 of example 0 is outside [0, 1)");
        assertThatThrownBy(() -> new TextDataset("d", List.of("a", "a"), List.of()))
                .hasMessageContaining("not distinct");
    }
}

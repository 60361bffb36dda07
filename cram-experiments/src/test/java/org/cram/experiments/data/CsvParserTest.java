package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {
    private static final Path FILE = Path.of("data.csv");

    private static List<CsvParser.Row> parse(String text) {
        CsvParser parser = new CsvParser(FILE, new StringReader(text));
        List<CsvParser.Row> rows = new ArrayList<>();
        for (CsvParser.Row row = parser.next(); row != null; row = parser.next()) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        List<CsvParser.Row> rows = parse("a,b,c\r\n"
                + "\"x, y\",\"say \"\"hi\"\"\",plain\r\n"
                + "\"two\nlines\",\"\",\r\n"
                + "\"crlf\r\ninside\",\"\"\"\",last");

        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).fields()).containsExactly("x, y", "say \"hi\"", "plain");
        assertThat(rows.get(2).fields()).containsExactly("two\nlines", "", "");
        assertThat(rows.get(3).fields()).containsExactly("crlf\r\ninside", "\"", "last");
        assertThat(rows).extracting(CsvParser.Row::line).containsExactly(1L, 2L, 3L, 5L);
    }

    @Test
    void lineEndingsBomAndEmptyLines() {
        List<CsvParser.Row> rows = parse("\uFEFFh1,h2\n\n1,2\r3,4\r\n\r\n,\n");

        assertThat(rows).extracting(CsvParser.Row::fields).containsExactly(List.of("h1", "h2"), List.of("1", "2"),
                List.of("3", "4"), List.of("", ""));
        assertThat(rows).extracting(CsvParser.Row::line).containsExactly(1L, 3L, 4L, 6L);
        assertThat(parse("")).isEmpty();
        assertThat(parse("only")).extracting(CsvParser.Row::fields).containsExactly(List.of("only"));
    }

    @Test
    void quoteInsideAnUnquotedFieldIsAnError() {
        assertThatThrownBy(() -> parse("a,b\nx,ab\"c\n"))
                .isInstanceOf(DataFileException.class)
                .hasMessage("data.csv: line 2: double quote inside unquoted field 2 (quote the whole field and double "
                        + "the quote)");
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> parse("a\n\"multi\nline\"x\n"))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith("data.csv: line 3: unexpected character 'x' after the closing quote of "
                        + "field 1");
    }

    @Test
    void unterminatedQuotedFieldNamesTheLineItStarts() {
        assertThatThrownBy(() -> parse("a,b\n1,\"open\n\nstill open"))
                .isInstanceOf(DataFileException.class)
                .hasMessage("data.csv: line 2: quoted field never closed (the input ends inside it, on line 4)");
    }
}

package org.cram.experiments.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 CSV parser over a character stream: fields separated by commas, records by {@code CRLF},
 * {@code LF} or {@code CR}; a field that starts with a double quote is quoted and may then contain commas, line
 * breaks and doubled quotes ({@code ""} for one {@code "}). Deviations are errors rather than guesses: a quote inside
 * an unquoted field, anything but a comma or line end after a closing quote, and a quoted field still open at the
 * end of the input. Completely empty lines are skipped; a leading byte-order mark is dropped.
 *
 * <p>Errors are {@link DataFileException}s naming the file and the line (1-based, counting line breaks inside
 * quoted fields).
 */
final class CsvParser {
    /** One record and the line it starts on. */
    record Row(List<String> fields, long line) {
    }

    private static final int EOF = -1;

    private final Path file;
    private final Reader in;
    private long line = 1;
    private int pushedBack = Integer.MIN_VALUE;
    private boolean started;

    /** @param in the text of {@code file}, which is only used in messages */
    CsvParser(Path file, Reader in) {
        this.file = file;
        this.in = in;
    }

    /** The next non-empty record, or {@code null} at the end of the input. */
    Row next() {
        while (true) {
            int c = read();
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c == EOF) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(c);
                continue;
            }
            unread(c);
            return record();
        }
    }

    private Row record() {
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"') {
                quoted(field, start);
                c = read();
                if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    throw error("unexpected character '" + (char) c + "' after the closing quote of field "
                            + (fields.size() + 1) + " (a quote inside a quoted field must be doubled)");
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    if (c == '"') {
                        throw error("double quote inside unquoted field " + (fields.size() + 1)
                                + " (quote the whole field and double the quote)");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                continue;
            }
            if (c != EOF) {
                endOfLine(c);
            }
            return new Row(List.copyOf(fields), start);
        }
    }

    /** Reads a quoted field's content after its opening quote, up to and including the closing quote. */
    private void quoted(StringBuilder field, long start) {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new DataFileException(file, "line " + start + ": quoted field never closed (the input ends "
                        + "inside it, on line " + line + ")");
            }
            if (c == '"') {
                int d = read();
                if (d == '"') {
                    field.append('"');
                    continue;
                }
                unread(d);
                return;
            }
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    unread(d);
                }
                field.append(d == '\n' ? "\r\n" : "\r");
                line++;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private void endOfLine(int c) {
        if (c == '\r') {
            int d = read();
            if (d != '\n') {
                unread(d);
            }
        }
        line++;
    }

    private int read() {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        try {
            return in.read();
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "line " + line + ": not valid UTF-8 text (" + e + ")", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
    }

    private void unread(int c) {
        pushedBack = c;
    }

    private DataFileException error(String detail) {
        return new DataFileException(file, "line " + line + ": " + detail);
    }
}

package org.cram.experiments.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads a text-classification file into a {@link TextDataset}: one example per record, taking the text from a named
 * column, optionally a second text (sentence pairs) from another, and the label from a third.
 *
 * <p>Formats: CSV (RFC 4180, UTF-8, the first record is the header naming the columns; see {@link CsvParser}) and
 * JSONL (one strict JSON object per line, UTF-8, blank lines ignored; see {@link JsonParser}). In JSONL the texts must
 * be JSON strings; a label may be a string, a number (integral values written canonically, so {@code 1} and
 * {@code 1.0} are both {@code "1"}) or a boolean.
 *
 * <p>Label ids: with {@link #withClassNames} the given names in the given order, and a label outside them is an
 * error (use this for a test split, passing the training split's {@link TextDataset#classNames()}, so both share one
 * mapping); by default the distinct labels of the file sorted, numerically if all are integers and otherwise by
 * string order.
 *
 * <p>The file is read into memory and decoded strictly as UTF-8 before parsing (text datasets are small next to the
 * examples they become). Every problem is a {@link DataFileException} naming the file, the line and what was wrong
 * (missing column, bad JSON, unknown label, invalid UTF-8, ...). Immutable.
 */
public final class TextClassificationReader {
    private final String textColumn;
    private final String pairColumn;
    private final String labelColumn;
    private final List<String> classNames;

    private TextClassificationReader(String textColumn, String pairColumn, String labelColumn,
            List<String> classNames) {
        this.textColumn = requireName(textColumn, "text column");
        this.pairColumn = pairColumn == null ? null : requireName(pairColumn, "text pair column");
        this.labelColumn = requireName(labelColumn, "label column");
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        if (this.classNames != null && (this.classNames.isEmpty()
                || new TreeSet<>(this.classNames).size() != this.classNames.size())) {
            throw new IllegalArgumentException("class names must be non-empty and distinct, got " + classNames);
        }
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + " name must not be empty");
        }
        return name;
    }

    /** A reader of single texts from {@code textColumn} with labels from {@code labelColumn}, labels sorted. */
    public static TextClassificationReader of(String textColumn, String labelColumn) {
        return new TextClassificationReader(textColumn, null, labelColumn, null);
    }

    /** This reader, also taking a second text from {@code pairColumn}. */
    public TextClassificationReader withTextPair(String pairColumn) {
        return new TextClassificationReader(textColumn, pairColumn, labelColumn, classNames);
    }

    /** This reader with a fixed label order: label id {@code i} is {@code classNames.get(i)}. */
    public TextClassificationReader withClassNames(List<String> classNames) {
        return new TextClassificationReader(textColumn, pairColumn, labelColumn, Objects.requireNonNull(classNames));
    }

    /** Reads {@code file} as CSV if its name ends in {@code .csv}, as JSONL if in {@code .jsonl} or {@code .ndjson}. */
    public TextDataset read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return readCsv(file);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return readJsonl(file);
        }
        throw new DataFileException(file, "unknown text format: expected a .csv, .jsonl or .ndjson file");
    }

    /** Reads a CSV file with a header record. */
    public TextDataset readCsv(Path file) {
        List<RawExample> raw = new ArrayList<>();
        try (Reader in = new StringReader(readUtf8(file))) {
            CsvParser csv = new CsvParser(file, in);
            CsvParser.Row header = csv.next();
            if (header == null) {
                throw new DataFileException(file, "empty CSV file: no header record");
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.fields().size(); i++) {
                if (columns.putIfAbsent(header.fields().get(i), i) != null) {
                    throw new DataFileException(file, "line " + header.line() + ": duplicate column '"
                            + header.fields().get(i) + "' in the header");
                }
            }
            int text = column(file, header, columns, textColumn);
            int pair = pairColumn == null ? -1 : column(file, header, columns, pairColumn);
            int label = column(file, header, columns, labelColumn);
            for (CsvParser.Row row = csv.next(); row != null; row = csv.next()) {
                if (row.fields().size() != header.fields().size()) {
                    throw new DataFileException(file, "line " + row.line() + ": record has " + row.fields().size()
                            + " field(s) but the header has " + header.fields().size());
                }
                raw.add(new RawExample(row.fields().get(text), pair < 0 ? null : row.fields().get(pair),
                        row.fields().get(label), row.line()));
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
        return build(file, raw);
    }

    private static int column(Path file, CsvParser.Row header, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null) {
            throw new DataFileException(file, "line " + header.line() + ": missing column '" + name
                    + "'; the header has " + header.fields());
        }
        return index;
    }

    /** Reads a JSON Lines file: one object per non-blank line. */
    public TextDataset readJsonl(Path file) {
        List<RawExample> raw = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(readUtf8(file)))) {
            long lineNumber = 0;
            for (String line = readLine(file, in); line != null; line = readLine(file, in)) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                Object value;
                try {
                    value = JsonParser.parse(line);
                } catch (JsonParser.JsonException e) {
                    throw new DataFileException(file, "line " + lineNumber + ": bad JSON: " + e.getMessage(), e);
                }
                if (!(value instanceof Map<?, ?> object)) {
                    throw new DataFileException(file, "line " + lineNumber + ": expected a JSON object, found "
                            + jsonType(value));
                }
                String text = jsonText(file, lineNumber, object, textColumn);
                String pair = pairColumn == null ? null : jsonText(file, lineNumber, object, pairColumn);
                raw.add(new RawExample(text, pair, jsonLabel(file, lineNumber, object), lineNumber));
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
        return build(file, raw);
    }

    private static String readLine(Path file, BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
    }

    private static String jsonText(Path file, long line, Map<?, ?> object, String key) {
        Object v = requireKey(file, line, object, key);
        if (!(v instanceof String s)) {
            throw new DataFileException(file, "line " + line + ": field '" + key + "' must be a string, found "
                    + jsonType(v));
        }
        return s;
    }

    private String jsonLabel(Path file, long line, Map<?, ?> object) {
        Object v = requireKey(file, line, object, labelColumn);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof BigDecimal d) {
            return canonical(d);
        }
        throw new DataFileException(file, "line " + line + ": label field '" + labelColumn
                + "' must be a string, number or boolean, found " + jsonType(v));
    }

    private static Object requireKey(Path file, long line, Map<?, ?> object, String key) {
        if (!object.containsKey(key)) {
            throw new DataFileException(file, "line " + line + ": missing field '" + key + "'; the object has "
                    + object.keySet());
        }
        Object v = object.get(key);
        if (v == null) {
            throw new DataFileException(file, "line " + line + ": field '" + key + "' is null");
        }
        return v;
    }

    private static String canonical(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return stripped.toBigInteger().toString();
        }
        return stripped.toPlainString();
    }

    private static String jsonType(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private record RawExample(String text, String pair, String label, long line) {
    }

    private TextDataset build(Path file, List<RawExample> raw) {
        List<String> names = classNames != null ? classNames : sortedLabels(raw);
        if (names.isEmpty()) {
            throw new DataFileException(file, "no examples: the file holds no data records, so no classes");
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        List<TextExample> examples = new ArrayList<>(raw.size());
        for (RawExample r : raw) {
            Integer id = ids.get(r.label());
            if (id == null) {
                throw new DataFileException(file, "line " + r.line() + ": unknown label '" + r.label()
                        + "'; the known classes are " + names);
            }
            examples.add(new TextExample(r.text(), r.pair(), id));
        }
        return new TextDataset(file.getFileName().toString(), names, examples);
    }

    /** Distinct labels sorted numerically if all are integers, else as strings. */
    static List<String> sortedLabels(List<RawExample> raw) {
        TreeSet<String> distinct = new TreeSet<>();
        for (RawExample r : raw) {
            distinct.add(r.label());
        }
        List<String> labels = new ArrayList<>(distinct);
        if (labels.stream().allMatch(l -> l.matches("-?[0-9]+"))) {
            labels.sort(Comparator.comparing(BigInteger::new));
        }
        return labels;
    }

    /**
     * The whole file as text, decoded strictly: malformed UTF-8 is an error naming the line of the first bad byte,
     * rather than silently becoming U+FFFD.
     */
    private static String readUtf8(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataFileException(file, "file of " + size + " bytes is too large to read into memory");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new DataFileException(file, "line " + lineOf(bytes, offset) + ": not valid UTF-8 text (byte "
                    + offset + ")");
        }
        return out.flip().toString();
    }

    /** The 1-based line holding byte {@code offset}, counting CRLF, LF and lone CR as line breaks. */
    private static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }
}

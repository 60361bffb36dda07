package org.cram.experiments.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A read-only view of an unserialized R data frame (including tibbles): a list of equal-length columns with a
 * {@code names} attribute and class {@code data.frame}. Columns are looked up by name; character and factor columns
 * convert to Java strings and level codes. Problems are {@link DataFileException}s naming the file, the data frame
 * and the column.
 */
public final class RDataFrame {
    private final Path file;
    private final String name;
    private final RValue.Vector columns;
    private final List<String> columnNames;
    private final int rows;

    /** A factor column: its levels and each row's 0-based level index ({@code -1} for NA). */
    public record Factor(List<String> levels, int[] codes) {
        /** Copies the levels and codes. */
        public Factor {
            levels = Collections.unmodifiableList(new ArrayList<>(levels));
            codes = codes.clone();
        }

        @Override
        public int[] codes() {
            return codes.clone();
        }
    }

    private RDataFrame(Path file, String name, RValue.Vector columns, List<String> columnNames, int rows) {
        this.file = file;
        this.name = name;
        this.columns = columns;
        this.columnNames = columnNames;
        this.rows = rows;
    }

    /**
     * Views {@code value} as a data frame.
     *
     * @param file where it was read from and {@code name} what it is called there, both for messages
     */
    public static RDataFrame of(Path file, String name, RValue value) {
        if (!(value instanceof RValue.Vector list) || !value.inherits("data.frame")) {
            throw new DataFileException(file, "'" + name + "' is not a data frame (class " + value.classNames()
                    + ", " + value.getClass().getSimpleName() + ")");
        }
        if (!(list.attribute("names") instanceof RValue.Strings names) || names.length() != list.length()) {
            throw new DataFileException(file, "data frame '" + name + "' has no column names");
        }
        int rows = list.length() == 0 ? 0 : list.get(0).length();
        for (int c = 0; c < list.length(); c++) {
            if (list.get(c).length() != rows) {
                throw new DataFileException(file, "data frame '" + name + "': column '" + names.get(c) + "' has "
                        + list.get(c).length() + " rows, column '" + names.get(0) + "' " + rows);
            }
        }
        return new RDataFrame(file, name, list, Collections.unmodifiableList(new ArrayList<>(names.values())), rows);
    }

    /** The data frame's name, as given. */
    public String name() {
        return name;
    }

    /** Number of rows. */
    public int rowCount() {
        return rows;
    }

    /** Column names in order. */
    public List<String> columnNames() {
        return columnNames;
    }

    /** The raw column. */
    public RValue column(String column) {
        int i = columnNames.indexOf(column);
        if (i < 0) {
            throw new DataFileException(file, "data frame '" + name + "' has no column '" + column + "'; its columns "
                    + "are " + columnNames);
        }
        return columns.get(i);
    }

    /** A character column, or a factor column as its level labels; {@code null} elements are NA. */
    public List<String> strings(String column) {
        RValue v = column(column);
        if (v instanceof RValue.Strings s) {
            return s.values();
        }
        if (v.inherits("factor")) {
            Factor f = factor(column);
            List<String> out = new ArrayList<>(rows);
            for (int code : f.codes) {
                out.add(code < 0 ? null : f.levels().get(code));
            }
            return Collections.unmodifiableList(out);
        }
        throw new DataFileException(file, "data frame '" + name + "': column '" + column + "' is not text but "
                + describe(v));
    }

    /** A factor column: integer codes 1..levels with a {@code levels} attribute and class {@code factor}. */
    public Factor factor(String column) {
        RValue v = column(column);
        if (!(v instanceof RValue.Integers ints) || !v.inherits("factor")
                || !(v.attribute("levels") instanceof RValue.Strings levels)) {
            throw new DataFileException(file, "data frame '" + name + "': column '" + column + "' is not a factor "
                    + "but " + describe(v));
        }
        int[] codes = ints.values();
        for (int r = 0; r < codes.length; r++) {
            if (codes[r] == RValue.NA_INTEGER) {
                codes[r] = -1;
            } else if (codes[r] < 1 || codes[r] > levels.length()) {
                throw new DataFileException(file, "data frame '" + name + "': factor column '" + column + "' row "
                        + (r + 1) + " has code " + codes[r] + " outside its " + levels.length() + " levels");
            } else {
                codes[r]--;
            }
        }
        return new Factor(levels.values(), codes);
    }

    private static String describe(RValue v) {
        return v.getClass().getSimpleName() + (v.classNames().isEmpty() ? "" : " of class " + v.classNames());
    }

    @Override
    public String toString() {
        return "RDataFrame[" + name + ", " + rows + " rows, columns " + columnNames + "]";
    }
}

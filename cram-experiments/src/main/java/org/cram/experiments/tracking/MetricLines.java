package org.cram.experiments.tracking;

/**
 * The line format of MLflow metric files: {@code "<timestamp_ms> <value> <step>\n"}, separated by single spaces.
 * Values are written so that Python's {@code float()} parses them: Java's {@link Double#toString} for finite values
 * ({@code 0.1}, {@code 1.0E-5}), {@code nan}, {@code inf} and {@code -inf} otherwise (as Python's {@code str} writes
 * them).
 */
public final class MetricLines {

    private MetricLines() {
    }

    /** One metric line including its trailing newline. */
    public static String format(long timestampMs, double value, long step) {
        return timestampMs + " " + formatValue(value) + " " + step + "\n";
    }

    /** A metric value as Python's {@code float()} reads it. */
    public static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    /**
     * Parses a metric value as written by this class or by MLflow ({@code nan}, {@code inf}, {@code 1e-05}, ...).
     */
    public static double parseValue(String text) {
        String t = text.strip();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(t);
        }
    }

    /**
     * Parses one line into {@code {timestamp, value, step}} (MLflow also accepts legacy two-field lines, step 0).
     *
     * @throws IllegalArgumentException if the line does not have 2 or 3 space-separated fields
     */
    public static FileStoreReader.MetricPoint parse(String line) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 2 && parts.length != 3) {
            throw new IllegalArgumentException("malformed MLflow metric line (expected '<timestamp> <value> <step>'): '"
                    + line + "'");
        }
        try {
            long step = parts.length == 3 ? Long.parseLong(parts[2]) : 0L;
            return new FileStoreReader.MetricPoint(Long.parseLong(parts[0]), parseValue(parts[1]), step);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed MLflow metric line: '" + line + "'", e);
        }
    }
}

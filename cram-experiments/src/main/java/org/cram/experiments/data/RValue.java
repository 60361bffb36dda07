package org.cram.experiments.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The R values {@link RUnserializer} produces: just what data frames are made of. Attributes (names, class, levels,
 * row.names, ...) are kept in document order. Array-backed values copy on the way in and out, so every value is
 * immutable; their {@code equals} compares contents.
 */
public sealed interface RValue {
    /** R's {@code NA_integer_} and {@code NA} (logical): the smallest {@code int}. */
    int NA_INTEGER = Integer.MIN_VALUE;

    /** The attributes by name, in document order; empty if none. */
    Map<String, RValue> attributes();

    /** Number of elements (0 for NULL, 1 for a symbol or special value). */
    int length();

    /** The named attribute, or {@code null}. */
    default RValue attribute(String name) {
        return attributes().get(name);
    }

    /** The {@code class} attribute's strings, or an empty list. */
    default List<String> classNames() {
        return attribute("class") instanceof Strings s ? s.values() : List.of();
    }

    /** Whether the {@code class} attribute contains {@code className}. */
    default boolean inherits(String className) {
        return classNames().contains(className);
    }

    /** {@code NULL}. */
    Null NULL = new Null();

    /** R's {@code NULL}. */
    record Null() implements RValue {
        @Override
        public Map<String, RValue> attributes() {
            return Map.of();
        }

        @Override
        public int length() {
            return 0;
        }
    }

    /** A symbol (name), e.g. an attribute tag. */
    record Symbol(String name) implements RValue {
        /** Requires a name. */
        public Symbol {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Map<String, RValue> attributes() {
            return Map.of();
        }

        @Override
        public int length() {
            return 1;
        }
    }

    /**
     * One of R's singleton markers that carry no data here ({@code globalenv}, {@code emptyenv}, {@code baseenv},
     * {@code basenamespace}, {@code missingarg}, {@code unboundvalue}).
     */
    record Special(String what) implements RValue {
        @Override
        public Map<String, RValue> attributes() {
            return Map.of();
        }

        @Override
        public int length() {
            return 1;
        }
    }

    /** A logical vector: 0 false, 1 true, {@link #NA_INTEGER} NA. */
    record Logicals(int[] values, Map<String, RValue> attributes) implements RValue {
        /** Copies the values and attributes. */
        public Logicals {
            values = values.clone();
            attributes = copy(attributes);
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        /** Element {@code i}. */
        public int get(int i) {
            return values[i];
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Logicals l && Arrays.equals(values, l.values) && attributes.equals(l.attributes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(values) + attributes.hashCode();
        }

        @Override
        public String toString() {
            return "Logicals" + Arrays.toString(values) + attributes;
        }
    }

    /** An integer vector ({@link #NA_INTEGER} is NA); factors are integer vectors of 1-based level codes. */
    record Integers(int[] values, Map<String, RValue> attributes) implements RValue {
        /** Copies the values and attributes. */
        public Integers {
            values = values.clone();
            attributes = copy(attributes);
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        /** Element {@code i}. */
        public int get(int i) {
            return values[i];
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Integers v && Arrays.equals(values, v.values) && attributes.equals(v.attributes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(values) + attributes.hashCode();
        }

        @Override
        public String toString() {
            return "Integers" + Arrays.toString(values) + attributes;
        }
    }

    /** A double vector; NA is a NaN with R's payload (test with {@link Double#isNaN}). */
    record Reals(double[] values, Map<String, RValue> attributes) implements RValue {
        /** Copies the values and attributes. */
        public Reals {
            values = values.clone();
            attributes = copy(attributes);
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        /** Element {@code i}. */
        public double get(int i) {
            return values[i];
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reals v && Arrays.equals(values, v.values) && attributes.equals(v.attributes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(values) + attributes.hashCode();
        }

        @Override
        public String toString() {
            return "Reals" + Arrays.toString(values) + attributes;
        }
    }

    /** A raw (byte) vector. */
    record Raw(byte[] values, Map<String, RValue> attributes) implements RValue {
        /** Copies the values and attributes. */
        public Raw {
            values = values.clone();
            attributes = copy(attributes);
        }

        @Override
        public byte[] values() {
            return values.clone();
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw v && Arrays.equals(values, v.values) && attributes.equals(v.attributes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(values) + attributes.hashCode();
        }

        @Override
        public String toString() {
            return "Raw[" + values.length + " bytes]" + attributes;
        }
    }

    /** A character vector; {@code null} elements are {@code NA_character_}. */
    record Strings(List<String> values, Map<String, RValue> attributes) implements RValue {
        /** Copies the values and attributes. */
        public Strings {
            values = Collections.unmodifiableList(Arrays.asList(values.toArray(new String[0])));
            attributes = copy(attributes);
        }

        /** A character vector without attributes. */
        public static Strings of(String... values) {
            return new Strings(Arrays.asList(values), Map.of());
        }

        /** Element {@code i} ({@code null} for NA). */
        public String get(int i) {
            return values.get(i);
        }

        @Override
        public int length() {
            return values.size();
        }
    }

    /** A generic vector ({@code list}); data frames are lists of equal-length columns. */
    record Vector(List<RValue> elements, Map<String, RValue> attributes) implements RValue {
        /** Copies the elements and attributes. */
        public Vector {
            elements = List.copyOf(elements);
            attributes = copy(attributes);
        }

        /** Element {@code i}. */
        public RValue get(int i) {
            return elements.get(i);
        }

        @Override
        public int length() {
            return elements.size();
        }
    }

    /** A pairlist (attribute lists are pairlists); each element may carry a tag. */
    record PairList(List<Entry> entries, Map<String, RValue> attributes) implements RValue {
        /** One node: an optional tag ({@code null} if none) and its value. */
        public record Entry(String tag, RValue value) {
            /** Requires a value. */
            public Entry {
                Objects.requireNonNull(value, "value");
            }
        }

        /** Copies the entries and attributes. */
        public PairList {
            entries = List.copyOf(entries);
            attributes = copy(attributes);
        }

        @Override
        public int length() {
            return entries.size();
        }
    }

    private static Map<String, RValue> copy(Map<String, RValue> attributes) {
        return attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}

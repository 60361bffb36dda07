package org.cram.api.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch: the primary features {@code [n, ...]} (images, or token ids {@code [n, seq]}), one integer label per
 * example, and optionally further named inputs (e.g. {@link #ATTENTION_MASK}) and label columns (e.g.
 * {@link #END_POSITIONS} for span question answering, whose start positions are the primary labels). Every input
 * and label column has one row per example.
 */
public final class Batch {
    /** 1 for real tokens, 0 for padding, {@code [n, seq]}. */
    public static final String ATTENTION_MASK = "attention_mask";
    /** Segment ids (0 for the first text, 1 for the second), {@code [n, seq]}. */
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    /** Answer end token positions of span question answering (the primary labels are the start positions). */
    public static final String END_POSITIONS = "end_positions";

    private final INDArray features;
    private final int[] labels;
    private final Map<String, INDArray> inputs;
    private final Map<String, int[]> labelColumns;

    public Batch(INDArray features, int[] labels) {
        this(features, labels, Map.of(), Map.of());
    }

    /**
     * @param inputs       further named inputs, each with {@code n} rows
     * @param labelColumns further named label columns, each of length {@code n}
     */
    public Batch(INDArray features, int[] labels, Map<String, INDArray> inputs, Map<String, int[]> labelColumns) {
        this.features = Objects.requireNonNull(features, "features");
        this.labels = labels.clone();
        long n = features.size(0);
        if (n != labels.length) {
            throw new IllegalArgumentException("batch has " + n + " feature rows but " + labels.length + " labels");
        }
        Map<String, INDArray> in = new LinkedHashMap<>();
        inputs.forEach((k, v) -> {
            if (v.size(0) != n) {
                throw new IllegalArgumentException("input '" + k + "' has " + v.size(0) + " rows, expected " + n);
            }
            in.put(k, v);
        });
        Map<String, int[]> cols = new LinkedHashMap<>();
        labelColumns.forEach((k, v) -> {
            if (v.length != n) {
                throw new IllegalArgumentException("label column '" + k + "' has " + v.length + " rows, expected " + n);
            }
            cols.put(k, v.clone());
        });
        this.inputs = Collections.unmodifiableMap(in);
        this.labelColumns = Collections.unmodifiableMap(cols);
    }

    public INDArray features() {
        return features;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int i) {
        return labels[i];
    }

    public int size() {
        return labels.length;
    }

    /** The further named inputs. */
    public Map<String, INDArray> inputs() {
        return inputs;
    }

    /** A named input; an error lists the inputs the batch has. */
    public INDArray input(String name) {
        INDArray v = inputs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("batch has no input '" + name + "'; it has " + inputs.keySet());
        }
        return v;
    }

    public boolean hasInput(String name) {
        return inputs.containsKey(name);
    }

    /** A copy of a named label column; an error lists the columns the batch has. */
    public int[] labels(String column) {
        int[] v = labelColumns.get(column);
        if (v == null) {
            throw new IllegalArgumentException("batch has no label column '" + column + "'; it has "
                    + labelColumns.keySet());
        }
        return v.clone();
    }

    /** The same batch with different primary features (e.g. augmented images), keeping everything else. */
    public Batch withFeatures(INDArray newFeatures) {
        return new Batch(newFeatures, labels, inputs, labelColumns);
    }
}

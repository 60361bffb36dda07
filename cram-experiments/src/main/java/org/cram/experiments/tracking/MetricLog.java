package org.cram.experiments.tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric point a run logged, in logging order, stored compactly (about 28 bytes a point: key index,
 * timestamp, value, step in primitive arrays). It is both the record of the whole run (written to the local store
 * if the server never comes back) and the outbox of metrics: points from a position on are the ones not yet sent.
 * Thread-safe.
 */
final class MetricLog {

    private final Map<String, Integer> keyIds = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private int[] keyOf = new int[256];
    private long[] timestamps = new long[256];
    private double[] values = new double[256];
    private long[] steps = new long[256];
    private int size;

    /** Appends a point and returns the new number of points. */
    synchronized int append(String key, double value, long timestamp, long step) {
        if (size == keyOf.length) {
            int capacity = size * 2;
            keyOf = Arrays.copyOf(keyOf, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
            values = Arrays.copyOf(values, capacity);
            steps = Arrays.copyOf(steps, capacity);
        }
        Integer id = keyIds.get(key);
        if (id == null) {
            id = keys.size();
            keys.add(key);
            keyIds.put(key, id);
        }
        keyOf[size] = id;
        timestamps[size] = timestamp;
        values[size] = value;
        steps[size] = step;
        return ++size;
    }

    synchronized int size() {
        return size;
    }

    /** Points {@code from} (inclusive) to {@code to} (exclusive), in order. */
    synchronized List<MetricValue> slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size + " points");
        }
        List<MetricValue> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(new MetricValue(keys.get(keyOf[i]), values[i], timestamps[i], steps[i]));
        }
        return out;
    }

    /** All points grouped by key (keys in order of first use, points in logging order). */
    synchronized Map<String, List<FileStoreReader.MetricPoint>> byKey() {
        Map<String, List<FileStoreReader.MetricPoint>> out = new LinkedHashMap<>();
        for (String key : keys) {
            out.put(key, new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            out.get(keys.get(keyOf[i])).add(new FileStoreReader.MetricPoint(timestamps[i], values[i], steps[i]));
        }
        return out;
    }
}

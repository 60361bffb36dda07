package org.cram.experiments.tracking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service;

/** Metric values waiting to be sent, oldest first. Thread-safe. */
final class MetricBuffer {

    private final ArrayDeque<Service.Metric> pending = new ArrayDeque<>();

    /** Adds a value and returns how many are now waiting. */
    synchronized int add(Service.Metric metric) {
        pending.addLast(metric);
        return pending.size();
    }

    synchronized int size() {
        return pending.size();
    }

    /** Removes and returns up to {@code max} of the oldest values. */
    synchronized List<Service.Metric> take(int max) {
        int n = Math.min(max, pending.size());
        List<Service.Metric> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(pending.removeFirst());
        }
        return batch;
    }

    /** Puts a batch that could not be sent back in front, in its order. */
    synchronized void putBack(List<Service.Metric> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            pending.addFirst(batch.get(i));
        }
    }
}

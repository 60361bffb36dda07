package org.cram.experiments.tracking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a repeated metric delivery idempotent: before points are sent again after a failure whose outcome is
 * unknown (the server may have applied the request and the answer got lost), the run's history of each of their
 * keys is read back ({@link RunApi#metricHistory}) and only the points the server does not have are kept. A point is
 * identified by key, value, timestamp and step ({@link MetricValue}); MLflow's SQL stores keep identical points once
 * as well. {@link MlflowSync} uses the same check to complete runs that an earlier sync left half uploaded.
 */
final class MetricReconciler {

    private MetricReconciler() {
    }

    /**
     * The points of {@code points} that are not in the server's history of run {@code runId}, in their order.
     *
     * @throws MlflowServerException if a history cannot be read
     */
    static List<MetricValue> notOnServer(RunApi api, String runId, List<MetricValue> points) {
        Set<String> keys = new LinkedHashSet<>();
        for (MetricValue p : points) {
            keys.add(p.key());
        }
        Set<MetricValue> present = new HashSet<>();
        for (String key : keys) {
            present.addAll(api.metricHistory(runId, key));
        }
        List<MetricValue> missing = new ArrayList<>();
        for (MetricValue p : points) {
            if (!present.contains(p)) {
                missing.add(p);
            }
        }
        return missing;
    }
}

package org.cram.experiments.tracking;

/**
 * One metric point of a run. Its identity is the whole record (key, value, timestamp, step): MLflow's SQL stores
 * keep identical points once, and the exactly-once delivery of {@link RestRun} and {@link MlflowSync} treats a
 * point found on the server with the same four fields as delivered. Values compare like {@link Double#compare}, so
 * NaN equals NaN.
 */
record MetricValue(String key, double value, long timestamp, long step) {
}

package org.cram.api.optim;

import java.util.Map;
import org.cram.api.param.ParameterSet;

/**
 * The immutable, validated description of an optimizer (hyper-parameters only, no state). A spec is a recipe:
 * {@link #create} gives a fresh stateful {@link Optimizer} for a model's parameters, so one spec serves many runs.
 */
public interface OptimizerSpec {

    /** The registered name, e.g. {@code "sgd"} or {@code "cram"}. */
    String name();

    /** Hyper-parameters as flat key/value pairs for tracking (e.g. {@code "rho" -> 0.05}). */
    Map<String, Object> describe();

    /** A new optimizer with zeroed state over these parameters. */
    Optimizer create(ParameterSet parameters);
}

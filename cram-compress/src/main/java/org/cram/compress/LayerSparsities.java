package org.cram.compress;

import java.util.Map;
import org.cram.api.param.ParameterSet;

/** How a layer-wise pruner spreads a sparsity target over layers. */
@FunctionalInterface
interface LayerSparsities {

    /**
     * The sparsity of each layer to prune, by parameter index in parameter order; parameters left out are not
     * pruned and get no mask entry. Every value is in [0, 1).
     *
     * @throws IllegalArgumentException if the configuration does not fit these parameters, naming the problem
     */
    Map<Integer, Double> of(ParameterSet parameters, double target);
}

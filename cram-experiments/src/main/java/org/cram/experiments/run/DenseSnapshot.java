package org.cram.experiments.run;

import java.util.List;
import org.cram.api.model.Model;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A copy of a model's parameters and batch-norm statistics, to put the model back after pruning or training it in
 * place.
 */
final class DenseSnapshot {
    private final Model model;
    private final TensorSet parameters;
    private final List<INDArray> statistics;

    private DenseSnapshot(Model model) {
        this.model = model;
        this.parameters = TensorSet.zerosLike(model.parameters());
        parameters.copyFrom(model.parameters());
        this.statistics = model.batchNormStatistics().stream().map(INDArray::dup).toList();
    }

    /** Copies the model's current state. */
    static DenseSnapshot of(Model model) {
        return new DenseSnapshot(model);
    }

    /** Puts the copied state back into the model. */
    void restore() {
        parameters.copyTo(model.parameters());
        List<INDArray> live = model.batchNormStatistics();
        for (int i = 0; i < live.size(); i++) {
            live.get(i).assign(statistics.get(i));
        }
    }
}

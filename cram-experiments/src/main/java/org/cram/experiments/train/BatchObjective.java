package org.cram.experiments.train;

import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;

/**
 * The objective of one training step: a model's loss on one mini-batch. The clean pass trains batch norm; perturbed
 * passes freeze its running statistics. Remembers the clean pass's accuracy count, which is what a run logs.
 */
public final class BatchObjective implements Objective {
    private final Model model;
    private final Batch batch;
    private Model.LossResult clean;

    public BatchObjective(Model model, Batch batch) {
        this.model = model;
        this.batch = batch;
    }

    @Override
    public ParameterSet parameters() {
        return model.parameters();
    }

    @Override
    public double lossAndGradients(TensorSet gradients, Pass pass) {
        Model.LossResult r = model.lossAndGradients(batch, gradients, ForwardMode.forPass(pass));
        if (pass == Pass.CLEAN) {
            clean = r;
        }
        return r.loss();
    }

    /** Accuracy of the latest clean pass on this batch, NaN before one. */
    public double cleanAccuracy() {
        return clean == null ? Double.NaN : (double) clean.correct() / clean.count();
    }
}

package org.cram.api.objective;

import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;

/**
 * The mini-batch loss of one training step, seen from an optimizer: the seam between optimizers and models.
 *
 * <p>Contract: each call evaluates the loss on the same mini-batch at the values the {@link #parameters()} hold
 * <em>at the time of the call</em>, and overwrites {@code gradients} (aligned with {@link #parameters()}) with
 * dLoss/dParameter. An optimizer may call it any number of times per step (once for SGD, twice for SAM and CrAM),
 * changing parameter values in place between calls; results never depend on earlier calls except through
 * batch-norm running statistics, which only a {@link Pass#CLEAN} call updates.
 */
public interface Objective {

    /** The parameters this objective differentiates, in the order of the gradient arrays. */
    ParameterSet parameters();

    /**
     * Computes the loss and its gradients at the parameters' current values.
     *
     * @param gradients where the gradients are written (overwritten, never accumulated)
     * @param pass      whether this is the clean pass (batch-norm statistics updated) or a perturbed one (frozen)
     * @return the mean loss over the mini-batch
     */
    double lossAndGradients(TensorSet gradients, Pass pass);
}

package org.cram.optim;

import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state and step of {@link CramSpec}, following the reference's {@code first_step} / closure /
 * {@code second_step} exactly (see docs: cram-algorithm.md section 1.3).
 */
final class CramOptimizer extends AbstractOptimizer {
    private final CramSpec spec;
    private final ParameterSet parameters;
    private final UpdateRule baseRule;
    private final SparsitySampler sampler;
    private final TensorSet savedTheta;
    private final TensorSet cleanGradient;
    private final TensorSet compressedGradient;

    CramOptimizer(CramSpec spec, ParameterSet parameters) {
        super(spec.learningRate());
        this.spec = spec;
        this.parameters = parameters;
        this.baseRule = spec.base().newRule(parameters);
        this.sampler = spec.compressor() == null ? null : new SparsitySampler(spec.sparsities(), spec.seed());
        this.savedTheta = TensorSet.zerosLike(parameters);
        this.cleanGradient = TensorSet.zerosLike(parameters);
        this.compressedGradient = TensorSet.zerosLike(parameters);
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        // clean pass: g0 at theta, batch-norm running statistics updated
        double cleanLoss = objective.lossAndGradients(cleanGradient, Pass.CLEAN);
        double cleanNorm = cleanGradient.globalNorm();

        // first step: save theta, ascend every parameter (biases and norms too), compress the perturbed weights
        savedTheta.copyFrom(parameters);
        double scale = spec.normalizeAscent() ? spec.rho() / (cleanNorm + CramSpec.NORM_EPSILON) : spec.rho();
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i).value();
            theta.addi(cleanGradient.get(i).mul(scale));
        }
        double target = Double.NaN;
        Mask mask = Mask.none();
        if (spec.compressor() != null) {
            target = sampler.next();
            mask = spec.compressor().compress(parameters, CompressionTarget.sparsity(target));
        }

        // closure: g1 at the compressed point, running statistics frozen
        double compressedLoss = objective.lossAndGradients(compressedGradient, Pass.PERTURBED);

        // second step: mask g1 (weights only), restore theta bit-exactly, add g0 for CrAM+, base update
        if (spec.sparseGradient()) {
            mask.applyTo(compressedGradient);
        }
        double compressedNorm = compressedGradient.globalNorm();
        savedTheta.copyTo(parameters);
        if (spec.plus()) {
            for (int i = 0; i < parameters.size(); i++) {
                compressedGradient.get(i).addi(cleanGradient.get(i));
            }
        }
        baseRule.apply(parameters, compressedGradient, learningRate());
        countStep();
        double realized = spec.compressor() == null ? Double.NaN : mask.sparsity();
        return new StepDiagnostics(cleanLoss, compressedLoss, target, realized, cleanNorm, compressedNorm,
                learningRate());
    }
}

package org.cram.optim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.optim.OptimizerState;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.DenseArrays;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The state and step of {@link CramSpec}, following the reference's {@code first_step} / closure /
 * {@code second_step} exactly (docs: cram-algorithm.md section 1.3).
 */
final class CramOptimizer extends AbstractOptimizer {
    private final CramSpec spec;
    private final ParameterSet parameters;
    private final UpdateRule baseRule;
    private final TargetSampler sampler;
    private final TensorSet savedTheta;
    private final TensorSet cleanGradient;
    private final TensorSet compressedGradient;
    /** Periodic-mask state: masks kept per target, and how often each target was used. */
    private final Map<CompressionTarget, Mask> storedMasks = new HashMap<>();
    private final Map<CompressionTarget, Long> uses = new HashMap<>();
    /** The last step's mask when it was made for that step only: the next compression overwrites its arrays. */
    private Mask recycled;

    CramOptimizer(CramSpec spec, ParameterSet parameters) {
        super(spec.kind(), spec.learningRate());
        this.spec = spec;
        this.parameters = parameters;
        this.baseRule = spec.base().newRule(parameters);
        this.sampler = spec.compressor() == null ? null : new TargetSampler(spec.targets(), spec.seed());
        this.savedTheta = TensorSet.zerosLike(parameters);
        this.cleanGradient = TensorSet.zerosLike(parameters);
        this.compressedGradient = TensorSet.zerosLike(parameters);
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        // clean pass: g0 at theta, batch-norm running statistics updated
        double cleanLoss = objective.lossAndGradients(cleanGradient, Pass.CLEAN);
        double cleanNorm = cleanGradient.globalNorm();
        FiniteGuard.check("the clean gradient", cleanLoss, cleanNorm, stepCount());

        // first step: save theta, ascend every parameter (biases and norms too), compress the perturbed weights
        savedTheta.copyFrom(parameters);
        ascend(cleanNorm);
        CompressionTarget target = null;
        Mask mask = Mask.none();
        if (spec.compressor() != null) {
            target = sampler.next();
            mask = compress(target);
        }

        // closure: g1 at the compressed point, running statistics frozen
        double compressedLoss;
        try {
            compressedLoss = objective.lossAndGradients(compressedGradient, Pass.PERTURBED);
        } finally {
            savedTheta.copyTo(parameters); // restore theta bit-exactly, also when the pass fails
        }

        // second step: mask g1 (weights only), add g0 for CrAM+, base update
        if (spec.sparseGradient()) {
            mask.applyTo(compressedGradient);
        }
        double compressedNorm = compressedGradient.globalNorm();
        FiniteGuard.check("the gradient at the compressed point", compressedLoss, compressedNorm, stepCount());
        if (spec.plus()) {
            for (int i = 0; i < parameters.size(); i++) {
                DenseArrays.axpy(1.0, cleanGradient.get(i), compressedGradient.get(i));
            }
        }
        baseRule.apply(parameters, compressedGradient, learningRate());
        countStep();
        double maskSparsity = target == null ? Double.NaN : mask.sparsity();
        if (target != null && !storedMasks.containsValue(mask)) {
            recycled = mask;
        }
        return new StepDiagnostics(cleanLoss, compressedLoss, nominalSparsity(target), maskSparsity, cleanNorm,
                compressedNorm, learningRate(), target);
    }

    private void ascend(double cleanNorm) {
        switch (spec.ascent()) {
            case PLAIN -> axpyAll(spec.rho());
            case NORMALIZED -> axpyAll(spec.rho() / (cleanNorm + CramSpec.NORM_EPSILON));
            case ADAPTIVE -> {
                // e = rho * theta^2 * g / (|| |theta| * g || + eps)
                double sumSquares = 0;
                for (int i = 0; i < parameters.size(); i++) {
                    double n = Transforms.abs(parameters.get(i).value(), true).muli(cleanGradient.get(i))
                            .norm2Number().doubleValue();
                    sumSquares += n * n;
                }
                double scale = spec.rho() / (Math.sqrt(sumSquares) + CramSpec.NORM_EPSILON);
                for (int i = 0; i < parameters.size(); i++) {
                    INDArray theta = parameters.get(i).value();
                    theta.addi(theta.mul(theta).muli(cleanGradient.get(i)).muli(scale));
                }
            }
            default -> throw new IllegalStateException("unknown ascent " + spec.ascent());
        }
    }

    private void axpyAll(double scale) {
        for (int i = 0; i < parameters.size(); i++) {
            DenseArrays.axpy(scale, cleanGradient.get(i), parameters.get(i).value());
        }
    }

    /** Compresses with a fresh mask, or with the stored one between refreshes of a periodic mask. */
    private Mask compress(CompressionTarget target) {
        long used = uses.getOrDefault(target, 0L);
        uses.put(target, used + 1);
        Mask stored = storedMasks.get(target);
        if (stored != null && used % spec.maskRefreshPeriod() != 0) {
            stored.applyTo(parameters);
            return stored;
        }
        Mask fresh = spec.compressor().compress(parameters, target, recycled);
        recycled = null; // its arrays may now belong to the fresh mask
        if (spec.maskRefreshPeriod() > 1) {
            storedMasks.put(target, fresh);
        }
        return fresh;
    }

    private static double nominalSparsity(CompressionTarget target) {
        if (target instanceof CompressionTarget.Sparsity s) {
            return s.fraction();
        }
        if (target instanceof CompressionTarget.NOfM nm) {
            return 1.0 - (double) nm.n() / nm.m();
        }
        return Double.NaN;
    }

    @Override
    void saveOwnState(OptimizerState.Builder state) {
        baseRule.saveTo(state, "base.");
        if (sampler != null) {
            state.longNumber("sampler", sampler.state());
        }
        List<CompressionTarget> targets = spec.targets();
        for (int t = 0; t < targets.size(); t++) {
            Long used = uses.get(targets.get(t));
            if (used != null) {
                state.longNumber("uses." + t, used);
            }
            Mask m = storedMasks.get(targets.get(t));
            if (m != null) {
                for (Map.Entry<Integer, INDArray> e : m.entries().entrySet()) {
                    state.array("mask." + t + "." + e.getKey(), e.getValue());
                }
            }
        }
    }

    @Override
    void loadOwnState(OptimizerState state) {
        baseRule.loadFrom(state, "base.");
        if (sampler != null) {
            sampler.setState(state.longNumber("sampler"));
        }
        uses.clear();
        storedMasks.clear();
        recycled = null;
        List<CompressionTarget> targets = spec.targets();
        for (int t = 0; t < targets.size(); t++) {
            if (state.numbers().containsKey("uses." + t)) {
                uses.put(targets.get(t), state.longNumber("uses." + t));
            }
            Map<Integer, INDArray> entries = new HashMap<>();
            String prefix = "mask." + t + ".";
            for (String name : state.arrayNames()) {
                if (name.startsWith(prefix)) {
                    entries.put(Integer.parseInt(name.substring(prefix.length())), state.array(name));
                }
            }
            if (!entries.isEmpty()) {
                storedMasks.put(targets.get(t), new Mask(new java.util.TreeMap<>(entries)));
            }
        }
    }
}

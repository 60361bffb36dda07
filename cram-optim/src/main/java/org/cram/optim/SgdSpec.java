package org.cram.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.optim.Optimizer;
import org.cram.api.param.ParameterSet;

/**
 * Stochastic gradient descent with torch.optim.SGD's semantics: coupled weight decay {@code d = g + wd*theta},
 * momentum buffer {@code buf = mu*buf + (1 - dampening)*d} (initialized to d on the first step), Nesterov
 * {@code d + mu*buf}, update {@code theta -= lr * d}.
 *
 * @param learningRate positive
 * @param momentum     in [0, 1)
 * @param dampening    in [0, 1]
 * @param nesterov     needs momentum > 0 and dampening 0 (as torch)
 * @param weightDecay  non-negative, applied to every parameter
 */
public record SgdSpec(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements BaseOptimizerSpec {

    public static final String NAME = "sgd";

    public SgdSpec {
        Checks.positive("sgd.lr", learningRate);
        Checks.inRange("sgd.momentum", momentum, 0, 1, false);
        Checks.inRange("sgd.dampening", dampening, 0, 1, true);
        Checks.nonNegative("sgd.weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd.nesterov needs momentum > 0 and dampening = 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
    }

    /** Plain SGD with momentum and weight decay (no dampening, no Nesterov). */
    public static SgdSpec of(double learningRate, double momentum, double weightDecay) {
        return new SgdSpec(learningRate, momentum, 0.0, false, weightDecay);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", learningRate);
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("nesterov", nesterov);
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    public UpdateRule newRule(ParameterSet parameters) {
        return new SgdRule(this, parameters);
    }

    @Override
    public Optimizer create(ParameterSet parameters) {
        return new SingleStepOptimizer(NAME, parameters, newRule(parameters), learningRate);
    }
}

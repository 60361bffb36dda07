package org.cram.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.optim.Optimizer;
import org.cram.api.param.ParameterSet;

/**
 * Adam (Kingma and Ba) and AdamW (Loshchilov and Hutter) with torch.optim semantics: moments
 * {@code m = b1*m + (1-b1)*g}, {@code v = b2*v + (1-b2)*g^2}, bias-corrected step
 * {@code theta -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}. Adam couples weight decay into the gradient
 * ({@code g + wd*theta}); AdamW decays the weights directly ({@code theta *= 1 - lr*wd}) before the step.
 *
 * @param decoupled true for AdamW
 */
public record AdamSpec(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                       boolean decoupled) implements BaseOptimizerSpec {

    /** torch.optim.Adam's defaults. */
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    /** torch.optim.AdamW's default decay. */
    public static final double DEFAULT_ADAMW_DECAY = 0.01;

    public AdamSpec {
        Checks.positive(name(decoupled) + ".lr", learningRate);
        Checks.inRange(name(decoupled) + ".beta1", beta1, 0, 1, false);
        Checks.inRange(name(decoupled) + ".beta2", beta2, 0, 1, false);
        Checks.positive(name(decoupled) + ".eps", epsilon);
        Checks.nonNegative(name(decoupled) + ".weight_decay", weightDecay);
    }

    /** Adam with torch's defaults and no weight decay. */
    public static AdamSpec adam(double learningRate) {
        return new AdamSpec(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0, false);
    }

    /** AdamW with torch's defaults. */
    public static AdamSpec adamW(double learningRate, double weightDecay) {
        return new AdamSpec(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, weightDecay, true);
    }

    private static String name(boolean decoupled) {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public String name() {
        return name(decoupled);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", learningRate);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", epsilon);
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    public UpdateRule newRule(ParameterSet parameters) {
        return new AdamRule(this, parameters);
    }

    @Override
    public Optimizer create(ParameterSet parameters) {
        return new SingleStepOptimizer(name(), parameters, newRule(parameters), learningRate);
    }
}

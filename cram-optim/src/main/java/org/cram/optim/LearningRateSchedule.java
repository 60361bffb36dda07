package org.cram.optim;

/**
 * The learning rate used at each optimizer step. A trainer asks before every step; per-epoch schedules (the
 * reference's CosineLR, torch's StepLR) depend only on the epoch, per-step schedules (BERT's linear warm-up and
 * decay) on the global step.
 */
public interface LearningRateSchedule {

    /**
     * @param epoch 0-based epoch of the step
     * @param step  0-based global step index
     */
    double rate(int epoch, long step);

    /** A constant rate. */
    static LearningRateSchedule constant(double rate) {
        Checks.positive("lr", rate);
        return (epoch, step) -> rate;
    }

    /**
     * The reference's CosineLR ({@code optimization/lr_schedulers.py}), stepped per epoch: for epoch e,
     * {@code base*(e+1)/W} while {@code e < W}, then {@code base*0.5*(1+cos(pi*(e-W)/(E-W)))}.
     *
     * @param base        peak learning rate
     * @param warmup      W, linear warm-up epochs (>= 0)
     * @param totalEpochs E, the {@code end_epoch} (> W)
     */
    static LearningRateSchedule cosine(double base, int warmup, int totalEpochs) {
        Checks.positive("lr", base);
        if (warmup < 0 || totalEpochs <= warmup) {
            throw new IllegalArgumentException("cosine schedule needs 0 <= warmup_epochs < epochs, got warmup "
                    + warmup + " and epochs " + totalEpochs);
        }
        return (epoch, step) -> epoch < warmup
                ? base * (epoch + 1) / warmup
                : base * 0.5 * (1 + Math.cos(Math.PI * (epoch - warmup) / (totalEpochs - warmup)));
    }

    /** torch's StepLR stepped per epoch: {@code base * gamma^floor(epoch / stepSize)}. */
    static LearningRateSchedule step(double base, int stepSize, double gamma) {
        Checks.positive("lr", base);
        if (stepSize < 1) {
            throw new IllegalArgumentException("step schedule needs step_size >= 1, got " + stepSize);
        }
        Checks.positive("gamma", gamma);
        return (epoch, step) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /**
     * Linear warm-up then linear decay to 0, per step, as Hugging Face's get_linear_schedule_with_warmup (BERT
     * fine-tuning): {@code base*s/W} for {@code s < W}, then {@code base*max(0, (T-s)/(T-W))}.
     *
     * @param warmupSteps W (>= 0)
     * @param totalSteps  T (> W)
     */
    static LearningRateSchedule linearWarmupDecay(double base, long warmupSteps, long totalSteps) {
        Checks.positive("lr", base);
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("linear schedule needs 0 <= warmup_steps < total steps, got warmup "
                    + warmupSteps + " and total " + totalSteps);
        }
        return (epoch, step) -> step < warmupSteps
                ? base * step / warmupSteps
                : base * Math.max(0.0, (double) (totalSteps - step) / (totalSteps - warmupSteps));
    }
}

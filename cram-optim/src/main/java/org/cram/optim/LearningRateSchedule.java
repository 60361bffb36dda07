package org.cram.optim;

/** The learning rate used during each epoch; a trainer sets it on the optimizer before the epoch starts. */
public interface LearningRateSchedule {

    /** The learning rate for the 0-based epoch. */
    double rate(int epoch);

    /** A constant rate. */
    static LearningRateSchedule constant(double rate) {
        Checks.positive("lr", rate);
        return epoch -> rate;
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
        return epoch -> epoch < warmup
                ? base * (epoch + 1) / warmup
                : base * 0.5 * (1 + Math.cos(Math.PI * (epoch - warmup) / (totalEpochs - warmup)));
    }
}

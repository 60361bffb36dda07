package org.cram.optim;

/** Stops a step on a NaN or infinite loss or gradient norm, before any weight is updated. */
final class FiniteGuard {
    private FiniteGuard() {
    }

    static void check(String what, double loss, double gradientNorm, long step) {
        if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm)) {
            throw new ArithmeticException(what + " at optimizer step " + step + " is not finite (loss " + loss
                    + ", gradient norm " + gradientNorm + "); the weights were left unchanged. Lower the learning"
                    + " rate or rho, or check the data.");
        }
    }
}

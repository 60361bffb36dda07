package org.cram.optim;

/** Validation of hyper-parameters with messages that name the key, the value and what is allowed. */
final class Checks {
    private Checks() {
    }

    static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " must be a positive finite number, got " + v);
        }
    }

    static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " must be a finite number >= 0, got " + v);
        }
    }

    static void inRange(String key, double v, double low, double high, boolean highInclusive) {
        boolean ok = v >= low && (highInclusive ? v <= high : v < high);
        if (!ok) {
            throw new IllegalArgumentException(key + " must be in [" + low + ", " + high + (highInclusive ? "]" : ")")
                    + ", got " + v);
        }
    }
}

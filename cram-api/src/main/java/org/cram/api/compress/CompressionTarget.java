package org.cram.api.compress;

/**
 * How much to compress: a sparsity fraction, an N:M pattern or a bit width. Each kind validates itself on
 * construction, so an out-of-range target never reaches a compressor.
 */
public sealed interface CompressionTarget {

    /** Fraction of prunable weights to remove, in [0, 1). */
    record Sparsity(double fraction) implements CompressionTarget {
        public Sparsity {
            if (!(fraction >= 0.0 && fraction < 1.0)) {
                throw new IllegalArgumentException("sparsity must be in [0, 1), got " + fraction);
            }
        }

        @Override
        public String label() {
            return String.format(java.util.Locale.ROOT, "sparsity=%.4g", fraction);
        }
    }

    /** Keep N of every M consecutive weights along the input axis (e.g. 2:4). */
    record NOfM(int n, int m) implements CompressionTarget {
        public NOfM {
            if (m < 1 || n < 0 || n >= m) {
                throw new IllegalArgumentException("N:M needs 0 <= N < M and M >= 1, got " + n + ":" + m);
            }
        }

        @Override
        public String label() {
            return n + ":" + m;
        }
    }

    /** Quantize weights to this many bits, in [2, 16]. */
    record Bits(int bits) implements CompressionTarget {
        public Bits {
            if (bits < 2 || bits > 16) {
                throw new IllegalArgumentException("bits must be in [2, 16], got " + bits);
            }
        }

        @Override
        public String label() {
            return bits + "bit";
        }
    }

    /** A short human-readable label for tables and run names. */
    String label();

    static CompressionTarget sparsity(double fraction) {
        return new Sparsity(fraction);
    }
}

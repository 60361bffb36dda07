package org.cram.optim;

/** How a two-pass optimizer perturbs the weights before its second gradient. */
public enum Ascent {
    /** {@code e = rho * g}: CrAM's default (the reference's grad_norm=False). */
    PLAIN,
    /** {@code e = rho * g / (||g|| + 1e-12)}: SAM. */
    NORMALIZED,
    /** {@code e = rho * theta^2 * g / (|| |theta| * g || + 1e-12)}: adaptive SAM (ASAM, Kwon et al. 2021). */
    ADAPTIVE
}

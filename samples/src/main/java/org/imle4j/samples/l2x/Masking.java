package org.imle4j.samples.l2x;

import ai.djl.ndarray.NDArray;

/**
 * What the predictor sees in place of an unselected feature.
 *
 * <p>{@link #ZERO} is L2X's {@code x ⊙ mask}. Zero is a value x can take, so the predictor sees which features were
 * dropped, and the explainer can encode the class in that choice (Jethani et al. 2021); and where the label depends on
 * x_j², as on orange skin, a dropped feature at 0 has no first-order effect at all. {@link #MARGINAL} replaces the
 * dropped features by those of another example of the batch (a random permutation of the rows), a draw from their
 * marginal distribution: the removal by sampling from the marginal that Covert, Lundberg and Lee ("Explaining by
 * removing", JMLR 2021) survey, and, with independent features as here (apart from the switch layouts), the
 * conditional distribution that REAL-X (Jethani et al. 2021) approximates with its evaluator. The predictor then sees
 * inputs distributed like x whatever the mask, so the pattern of the mask is invisible to it.
 */
enum Masking {
    /** Unselected features are 0. */
    ZERO,
    /** Unselected features are replaced by another example's. */
    MARGINAL;

    /**
     * The predictor's input.
     *
     * @param x the features {@code [B, d]}
     * @param mask the selection, {@code [B, d]}, hard or relaxed
     * @return {@code x ⊙ mask}, or {@code x' + mask ⊙ (x − x')} with x' the rows of x in a random order drawn from
     *     the engine's generator
     */
    NDArray apply(NDArray x, NDArray mask) {
        if (this == ZERO) {
            return x.mul(mask);
        }
        NDArray other = x.get(x.getManager().randomPermutation(x.getShape().get(0)));
        return other.add(x.sub(other).mul(mask));
    }
}

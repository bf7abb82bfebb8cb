package org.imle4j.runtime.solvers;

import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/** Independent binary choices, one per score: the 0/1 vector that maximises ⟨z, θ⟩ when every 0/1 vector is allowed. */
public final class IndependentBits {
    private IndependentBits() {
    }

    /**
     * The indicator of the positive scores, {@code z_i = 1[θ_i > 0]}, maximising ⟨z, θ⟩ over all 0/1 vectors z: the
     * mode of independent Bernoulli bits with logits θ, and the layer of binary masks (gates, feature or token
     * selection) that Hard Concrete gates relax.
     *
     * <p>A score of exactly 0 gives 0. Scores may be ±∞. Runs in O(n).
     *
     * @param theta the n scores; no NaN
     * @return z of length n with a 1 wherever the score is positive
     * @throws IllegalArgumentException if {@code theta} holds a NaN
     */
    @AimleLayer(name = "IndependentBitsLayer", structure = Structure.INDEPENDENT_BITS)
    public static int[] positive(float[] theta) {
        Objects.requireNonNull(theta, "theta");
        int[] z = new int[theta.length];
        for (int i = 0; i < theta.length; i++) {
            if (Float.isNaN(theta[i])) {
                throw new IllegalArgumentException("theta[" + i + "] is NaN; scores must be numbers");
            }
            z[i] = theta[i] > 0 ? 1 : 0;
        }
        return z;
    }
}

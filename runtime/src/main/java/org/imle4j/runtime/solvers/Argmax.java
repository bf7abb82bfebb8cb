package org.imle4j.runtime.solvers;

import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;

/** Selection of the single best option: the vertex of the probability simplex that maximises ⟨z, θ⟩. */
public final class Argmax {
    private Argmax() {
    }

    /**
     * One-hot indicator of the largest score, maximising ⟨z, θ⟩ over one-hot vectors z.
     *
     * <p>Ties go to the lowest index. Scores may be ±∞, so −∞ can mask an option out. Runs in O(n).
     *
     * @param theta the n ≥ 1 scores; no NaN
     * @return z of length n with a single 1 at the index of the largest score
     * @throws IllegalArgumentException if {@code theta} is empty or holds a NaN
     */
    @AimleLayer(name = "ArgmaxLayer", noise = Noise.GUMBEL, structure = Structure.ONE_HOT)
    public static int[] oneHot(float[] theta) {
        Objects.requireNonNull(theta, "theta");
        if (theta.length == 0) {
            throw new IllegalArgumentException("theta is empty; argmax needs at least one score");
        }
        int best = 0;
        for (int i = 0; i < theta.length; i++) {
            if (Float.isNaN(theta[i])) {
                throw new IllegalArgumentException("theta[" + i + "] is NaN; scores must be numbers");
            }
            if (theta[i] > theta[best]) {
                best = i;
            }
        }
        int[] z = new int[theta.length];
        z[best] = 1;
        return z;
    }
}

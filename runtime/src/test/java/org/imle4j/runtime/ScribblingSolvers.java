package org.imle4j.runtime;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.ImleLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.ReadOnly;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.TopK;

/**
 * Batch top-k solvers that scribble over their θ after solving, as a careless solver that reuses its input as scratch
 * space would: whether the generated layer handed them a copy shows in the caller's θ.
 */
final class ScribblingSolvers {
    /** What a scribbling solver writes into each score t of its θ: −50·t + 7. */
    static final float SCALE = -50;
    static final float SHIFT = 7;

    private ScribblingSolvers() {}

    /** Declares nothing about θ, so its layer hands it a copy. */
    @ImleLayer(noise = Noise.GUMBEL, structure = Structure.K_SUBSET)
    static NDArray copiedTopK(NDArray theta, int k) {
        return scribbleAfter(theta, k);
    }

    /** Breaks its {@code @ReadOnly} promise on purpose, so that the θ its layer passes uncopied shows the writes. */
    @ImleLayer(noise = Noise.GUMBEL, structure = Structure.K_SUBSET)
    static NDArray trustedTopK(@ReadOnly NDArray theta, int k) {
        return scribbleAfter(theta, k);
    }

    private static NDArray scribbleAfter(NDArray theta, int k) {
        NDArray solutions = TopK.indicator(theta, k);
        theta.muli(Scalars.of(theta, SCALE)).addi(Scalars.of(theta, SHIFT));
        return solutions;
    }
}

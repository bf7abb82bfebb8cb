package org.imle4j.samples.quickstart;

import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.solvers.TopK;

/** The README's quick-start solver, compiled by the processor as a user's project would. */
public final class Explainers {
    private Explainers() {}

    /** The k words that best explain a rating: the k largest scores of one example. */
    @AimleLayer(samples = 10, difference = Difference.CENTRAL, sumOfGammaK = 16, structure = Structure.K_SUBSET)
    public static int[] topWords(float[] theta, int k) {
        return TopK.indicator(theta, k);
    }
}

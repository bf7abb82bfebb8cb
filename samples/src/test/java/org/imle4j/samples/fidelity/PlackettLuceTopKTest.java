package org.imle4j.samples.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exact law of Gumbel perturb-and-MAP top-k against its definition and simulation. */
class PlackettLuceTopKTest {
    private static final double[] THETA = {0.5, -1.0, 1.5, 0.0, 0.3, -0.2};

    @Test
    void topOneIsTheSoftmax() {
        double[] marginals = PlackettLuceTopK.marginals(THETA, 1);
        double total = 0;
        for (double t : THETA) {
            total += Math.exp(t);
        }
        for (int i = 0; i < THETA.length; i++) {
            assertEquals(Math.exp(THETA[i]) / total, marginals[i], 1e-12);
        }
    }

    @Test
    void topKMarginalsMatchSimulatedGumbelPerturbations() {
        int k = 3;
        double[] exact = PlackettLuceTopK.marginals(THETA, k);
        int draws = 200_000;
        double[] counts = new double[THETA.length];
        Random random = new Random(11);
        double[] perturbed = new double[THETA.length];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < THETA.length; i++) {
                perturbed[i] = THETA[i] - Math.log(-Math.log(random.nextDouble()));
            }
            for (int i = 0; i < THETA.length; i++) {
                int above = 0;
                for (int j = 0; j < THETA.length; j++) {
                    above += perturbed[j] > perturbed[i] ? 1 : 0;
                }
                counts[i] += above < k ? 1 : 0;
            }
        }
        for (int i = 0; i < THETA.length; i++) {
            double tolerance = 5 * Math.sqrt(exact[i] * (1 - exact[i]) / draws);
            assertEquals(exact[i], counts[i] / draws, tolerance, "item " + i);
        }
    }

    @Test
    void forTopOneTheGradientIsTheExponentialFamilysOne() {
        // For k = 1 the top-1 of θ + Gumbel noise is an exact draw from softmax(θ), the 1-subset family.
        double[] b = {0.1, 1.3, 0.4, 0.9, 0.0, 2.0};
        KSubsets subsets = KSubsets.of(THETA.length, 1);
        double[] exact = subsets.gradientOfExpectation(THETA, subsets.squaredDistances(b));
        assertArrayEquals(exact, PlackettLuceTopK.squaredDistanceGradient(THETA, b, 1), 1e-7);
    }
}

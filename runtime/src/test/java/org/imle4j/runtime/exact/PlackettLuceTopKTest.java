package org.imle4j.runtime.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exact law of Gumbel perturb-and-MAP top-k against closed forms, simulation and finite differences. */
class PlackettLuceTopKTest {
    private static final double[] THETA = {0.5, -1.0, 1.5, 0.0, 0.3, -0.2};

    @Test
    void topOneIsTheSoftmaxAndItsJacobianTheSoftmaxJacobian() {
        double[] p = softmax(THETA);
        assertArrayEquals(p, PlackettLuceTopK.marginals(THETA, 1), 1e-15);
        double[][] jacobian = PlackettLuceTopK.marginalsJacobian(THETA, 1);
        for (int i = 0; i < THETA.length; i++) {
            for (int j = 0; j < THETA.length; j++) {
                assertEquals(p[i] * ((i == j ? 1 : 0) - p[j]), jacobian[i][j], 1e-15, i + ", " + j);
            }
        }
    }

    @Test
    void topTwoOfThreeIsOneMinusTheChanceOfBeingDrawnLast() {
        double[] theta = {0.7, -0.4, 0.1};
        double[] w = {Math.exp(0.7), Math.exp(-0.4), Math.exp(0.1)};
        double total = w[0] + w[1] + w[2];
        double[] marginals = PlackettLuceTopK.marginals(theta, 2);
        for (int i = 0; i < 3; i++) {
            int a = (i + 1) % 3;
            int b = (i + 2) % 3;
            // i is last when a is drawn first and then b, or b first and then a.
            double last = w[a] / total * w[b] / (total - w[a]) + w[b] / total * w[a] / (total - w[b]);
            assertEquals(1 - last, marginals[i], 1e-15, "item " + i);
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
        double sum = 0;
        for (int i = 0; i < THETA.length; i++) {
            // Five binomial standard errors of a frequency over `draws` independent draws.
            double tolerance = 5 * Math.sqrt(exact[i] * (1 - exact[i]) / draws);
            assertEquals(exact[i], counts[i] / draws, tolerance, "item " + i);
            sum += exact[i];
        }
        assertEquals(k, sum, 1e-12);
    }

    @Test
    void jacobianMatchesCentralDifferencesOfTheMarginals() {
        int k = 3;
        double[][] jacobian = PlackettLuceTopK.marginalsJacobian(THETA, k);
        double step = 1e-5;
        for (int j = 0; j < THETA.length; j++) {
            double[] up = THETA.clone();
            double[] down = THETA.clone();
            up[j] += step;
            down[j] -= step;
            double[] muUp = PlackettLuceTopK.marginals(up, k);
            double[] muDown = PlackettLuceTopK.marginals(down, k);
            double column = 0;
            for (int i = 0; i < THETA.length; i++) {
                // The central difference errs by O(step²) times the third derivative, O(1) here.
                assertEquals((muUp[i] - muDown[i]) / (2 * step), jacobian[i][j], 1e-8, i + ", " + j);
                column += jacobian[i][j];
            }
            assertEquals(0, column, 1e-12, "the marginals sum to k whatever θ: column " + j);
        }
    }

    @Test
    void forTopOneTheLinearGradientIsTheExponentialFamilysOne() {
        double[] c = {0.1, 1.3, -0.4, 0.9, 0.0, -2.0};
        KSubsets subsets = KSubsets.of(THETA.length, 1);
        assertArrayEquals(subsets.gradientOfExpectation(THETA, subsets.linear(c)),
                PlackettLuceTopK.gradientOfLinear(THETA, 1, c), 1e-15);
    }

    @Test
    void rejectsSizesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> PlackettLuceTopK.marginals(new double[17], 2));
        assertThrows(IllegalArgumentException.class, () -> PlackettLuceTopK.marginals(THETA, 0));
        assertThrows(IllegalArgumentException.class, () -> PlackettLuceTopK.marginals(THETA, 7));
        assertThrows(IllegalArgumentException.class, () -> PlackettLuceTopK.gradientOfLinear(THETA, 2,
                new double[5]));
    }

    private static double[] softmax(double[] theta) {
        double total = 0;
        double[] p = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            p[i] = Math.exp(theta[i]);
            total += p[i];
        }
        for (int i = 0; i < theta.length; i++) {
            p[i] /= total;
        }
        return p;
    }
}

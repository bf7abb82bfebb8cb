package org.imle4j.runtime.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.imle4j.runtime.solvers.SpanningTree;
import org.junit.jupiter.api.Test;

/** The enumerated spanning trees against Cayley's formula, and the Gibbs marginals and Jacobian against brute force. */
class SpanningTreesTest {
    private static final double[] K5 = {0.9, -0.4, 1.3, 0.2, -1.1, 0.6, 0.05, -0.7, 1.8, 0.35};

    @Test
    void enumeratesTheCayleyNumberOfDistinctTrees() {
        int[] cayley = {1, 3, 16, 125, 1296, 16_807};
        for (int nodes = 2; nodes <= 7; nodes++) {
            SpanningTrees trees = SpanningTrees.of(nodes);
            assertEquals(cayley[nodes - 2], trees.size(), "n = " + nodes);
            assertEquals(nodes * (nodes - 1) / 2, trees.edges());
            Set<Integer> seen = new HashSet<>();
            for (int t = 0; t < trees.size(); t++) {
                assertEquals(nodes - 1, Integer.bitCount(trees.mask(t)));
                seen.add(trees.mask(t));
            }
            assertEquals(trees.size(), seen.size());
        }
    }

    /** Kruskal's tree is among them: with one edge scored far above the rest the maximum tree has all the mass. */
    @Test
    void theMaximumSpanningTreeIsEnumeratedAndTakesTheMassAsTheTemperatureFalls() {
        SpanningTrees trees = SpanningTrees.of(5);
        float[] scores = new float[K5.length];
        for (int e = 0; e < scores.length; e++) {
            scores[e] = (float) K5[e];
        }
        int[] kruskal = SpanningTree.maximumWeight(scores, 5);
        double[] marginals = trees.marginals(K5, 1e-3);
        for (int e = 0; e < K5.length; e++) {
            assertEquals(kruskal[e], marginals[e], 1e-9, "edge " + e);
        }
    }

    @Test
    void uniformScoresGiveEveryEdgeTheSameMarginal() {
        for (int nodes = 3; nodes <= 6; nodes++) {
            SpanningTrees trees = SpanningTrees.of(nodes);
            double[] marginals = trees.marginals(new double[trees.edges()], 0.7);
            for (double marginal : marginals) {
                // By symmetry every edge has the same marginal, and the marginals sum to n − 1.
                assertEquals(2.0 / nodes, marginal, 1e-12, "n = " + nodes);
            }
        }
    }

    @Test
    void jacobianMatchesCentralDifferencesOfTheMarginals() {
        SpanningTrees trees = SpanningTrees.of(5);
        double temperature = 0.6;
        double[][] jacobian = trees.marginalJacobian(K5, temperature);
        double h = 1e-5;
        for (int f = 0; f < K5.length; f++) {
            double[] plus = K5.clone();
            double[] minus = K5.clone();
            plus[f] += h;
            minus[f] -= h;
            double[] up = trees.marginals(plus, temperature);
            double[] down = trees.marginals(minus, temperature);
            for (int e = 0; e < K5.length; e++) {
                // Truncation O(h²·μ''') ≈ 1e-9 and rounding O(1e-16 / h) ≈ 1e-11.
                assertEquals((up[e] - down[e]) / (2 * h), jacobian[e][f], 1e-7, "∂μ_" + e + "/∂θ_" + f);
            }
        }
        for (int e = 0; e < K5.length; e++) {
            double rowSum = 0;
            for (int f = 0; f < K5.length; f++) {
                rowSum += jacobian[f][e];
            }
            // Σ_e μ_e = n − 1 for every θ, so the columns' sums vanish.
            assertEquals(0, rowSum, 1e-12);
        }
    }

    @Test
    void rejectsOutOfRangeArguments() {
        assertThrows(IllegalArgumentException.class, () -> SpanningTrees.of(1));
        assertThrows(IllegalArgumentException.class, () -> SpanningTrees.of(9));
        assertThrows(IllegalArgumentException.class, () -> SpanningTrees.of(4).marginals(new double[5], 1));
        assertThrows(IllegalArgumentException.class, () -> SpanningTrees.of(4).marginals(new double[6], 0));
        assertArrayEquals(new double[] {1}, SpanningTrees.of(2).marginals(new double[] {3}, 1), 0.0);
    }
}

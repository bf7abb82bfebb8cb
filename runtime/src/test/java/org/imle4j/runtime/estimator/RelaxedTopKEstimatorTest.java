package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.estimator.ClosedForms.dot;
import static org.imle4j.runtime.estimator.ClosedForms.softmax;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Relaxed top-k against an independent double-precision implementation of Xie and Ermon's recursion, without noise
 * so that the relaxation is deterministic. Its gradient is checked against central differences of that
 * implementation: with step h = 1e-5 their truncation error is O(h²) and their rounding error O(1e-16/h), both far
 * below the 1e-3 relative tolerance, which is set by the single-precision autograd.
 */
class RelaxedTopKEstimatorTest {
    private static final int K = 3;
    private static final double TEMPERATURE = 0.7;
    private static final double[][] THETA = {{0.9, -0.4, 1.3, 0.2, -1.1, 0.6}, {0.0, 0.5, -0.5, 1.0, 0.3, -0.2}};
    private static final double[][] C = {{1.0, -0.5, 0.25, 2.0, -1.0, 0.4}, {-1.0, 0.3, 0.8, 0.0, 0.5, -0.7}};

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(2019);
    }

    @Test
    void softOutputFollowsTheRecursionAndSumsToK() {
        TestLayer.Step step = noiseless(RelaxedTopKEstimator.soft(K, TEMPERATURE)).step(THETA, C);
        for (int b = 0; b < THETA.length; b++) {
            assertArrayEquals(relaxedTopK(THETA[b]), step.output()[b], 1e-5, "output of example " + b);
            double sum = 0;
            for (double z : step.output()[b]) {
                sum += z;
            }
            assertEquals(K, sum, 1e-4, "row sum of example " + b);
        }
    }

    @Test
    void softGradientMatchesCentralDifferencesOfTheRecursion() {
        TestLayer.Step step = noiseless(RelaxedTopKEstimator.soft(K, TEMPERATURE)).step(THETA, C);
        for (int b = 0; b < THETA.length; b++) {
            assertMatchesFiniteDifferences(THETA[b], C[b], step.gradient()[b], "example " + b);
        }
    }

    @Test
    void straightThroughForwardsTheExactKHotWithTheRelaxedGradient() {
        TestLayer.Step step = noiseless(RelaxedTopKEstimator.straightThrough(K, TEMPERATURE))
                .step(THETA, C);
        double[][] kHot = {{1, 0, 1, 0, 0, 1}, {0, 1, 0, 1, 1, 0}};
        for (int b = 0; b < THETA.length; b++) {
            assertArrayEquals(kHot[b], step.output()[b], 0.0, "output of example " + b);
            assertMatchesFiniteDifferences(THETA[b], C[b], step.gradient()[b], "example " + b);
        }
    }

    @Test
    void saturatedScoresKeepOutputAndGradientFinite() {
        // At t = 0.05 the first softmax is one-hot in single precision, so 1 − α¹ is exactly 0 for the best option;
        // its logarithm, the log-mass of the other options, is what the log-space mask adds, finite like its gradient.
        double[][] theta = {{50, 0, -50, 1, 2, 3}};
        TestLayer.Step step = noiseless(RelaxedTopKEstimator.soft(K, 0.05)).step(theta, new double[][] {C[0]});
        for (int i = 0; i < theta[0].length; i++) {
            assertTrue(Double.isFinite(step.output()[0][i]), "output " + i + " is " + step.output()[0][i]);
            assertTrue(Double.isFinite(step.gradient()[0][i]), "gradient " + i + " is " + step.gradient()[0][i]);
        }
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 1}, step.output()[0], 1e-4);
    }

    /** A large upstream gradient through a saturated mask once made the whole gradient NaN (1/ε overflow, ∞·0). */
    @Test
    void saturatedMaskWithLargeUpstreamGradientStaysFinite() {
        double[][] theta = {{50, 0, -50, 1, 2, 3}};
        double[][] c = {{1e6, -1e6, 3e5, 0, 1e6, -2e6}};
        TestLayer.Step step = noiseless(RelaxedTopKEstimator.soft(K, 0.05)).step(theta, c);
        for (int i = 0; i < theta[0].length; i++) {
            assertTrue(Double.isFinite(step.gradient()[0][i]), "gradient " + i + " is " + step.gradient()[0][i]);
        }
    }

    /**
     * A score that leads the others by more than 87 once took the log-mask's floor, log of the smallest normal float,
     * which did not push it below them: the same option was drawn again, its entry of ẑ near 2 and the row's other
     * entries short of k − 1 (explainer logits grow that far when the features separate the classes well). The
     * log-space mask gives the relaxation of the exact recursion, and its gradient matches the recursion's.
     */
    @Test
    void farLeadingScoreIsTakenOnce() {
        double[][] theta = {{120, 10, 5, 0, -3, 2}, {0.5, 95, -40, 0.4, 3, 0.45}};
        double[][] c = {{1.0, -0.5, 0.25, 2.0, -1.0, 0.4}, {-1.0, 0.3, 0.8, 0.0, 0.5, -0.7}};
        TestLayer.Step step = noiseless(RelaxedTopKEstimator.soft(K, 0.1)).step(theta, c);
        for (int b = 0; b < theta.length; b++) {
            double[] expected = relaxedTopK(theta[b], K, 0.1);
            assertArrayEquals(expected, step.output()[b], 1e-5, "output of example " + b);
            for (double z : step.output()[b]) {
                assertTrue(z <= 1 + 1e-6, "example " + b + ": an option taken more than once: " + z);
            }
        }
        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, step.output()[0], 1e-6);
    }

    /**
     * At t = 0.1: a tie at the top (both options at α = ½, so neither takes the log-sum-exp branch) with k = 2, and
     * k = n − 1, whose last draws come from options far behind. Output and gradient follow the exact recursion.
     */
    @Test
    void tiesAndKCloseToNFollowTheRecursion() {
        double[][] thetas = {{4, 4, 1, -2, 0.5, 0.5}, {0.4, 0.25, 0.1, -0.2, 0.02, -0.07}};
        int[] ks = {2, 5};
        double[] c = {1.0, -0.5, 0.25, 2.0, -1.0, 0.4};
        for (int e = 0; e < thetas.length; e++) {
            double[] theta = thetas[e];
            int k = ks[e];
            TestLayer.Step step = TestLayer.trainedBy(RelaxedTopKEstimator.soft(k, 0.1), TestSolvers.topK(k))
                    .optStructure(Structure.K_SUBSET).optNoise(Noise.NONE).build().step(new double[][] {theta}, new double[][] {c});
            assertArrayEquals(relaxedTopK(theta, k, 0.1), step.output()[0], 1e-5, "output, k = " + k);
            double h = 1e-5;
            double[] expected = new double[theta.length];
            double largest = 0;
            for (int i = 0; i < expected.length; i++) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[i] += h;
                minus[i] -= h;
                expected[i] = (dot(c, relaxedTopK(plus, k, 0.1)) - dot(c, relaxedTopK(minus, k, 0.1))) / (2 * h);
                largest = Math.max(largest, Math.abs(expected[i]));
            }
            assertTrue(largest > 0.1, "k = " + k + ": the reference gradient must not vanish");
            assertArrayEquals(expected, step.gradient()[0], 1e-3 * largest, "gradient, k = " + k);
        }
    }

    /**
     * DJL wraps a number operand in an array backed by a Java buffer and closes it right after the operation, while
     * autograd keeps the scalar for the backward pass: once the garbage collector had freed the buffer, the backward
     * pass read whatever was written there next.
     */
    @Test
    void backwardPassIsUnharmedByGarbageCollectionAfterTheForwardPass() {
        noiseless(RelaxedTopKEstimator.soft(K, TEMPERATURE))
                .assertGarbageCollectionKeepsTheGradient(THETA, C, () -> {});
    }

    @Test
    void rejectsKLargerThanTheNumberOfOptions() {
        TestLayer layer = noiseless(RelaxedTopKEstimator.soft(7, TEMPERATURE));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> layer.trainForward(new Shape(2, 6)));
        assertEquals(layer.getIdentity().describe() + ": relaxed top-k selects k = 7 options, but θ has only n = 6 "
                + "per example (shape (2, 6)); k must be at most n", error.getMessage());
    }

    @Test
    void rejectsInvalidSettings() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> RelaxedTopKEstimator.soft(0, TEMPERATURE));
        assertEquals("relaxed top-k k must be at least 1, but was 0", k.getMessage());
        for (double temperature : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> RelaxedTopKEstimator.straightThrough(K, temperature));
            assertEquals("relaxed top-k temperature must be positive and finite, but was " + temperature,
                    error.getMessage());
        }
    }

    private static TestLayer noiseless(RelaxedTopKEstimator estimator) {
        return TestLayer.trainedBy(estimator, TestSolvers.topK(K)).optStructure(Structure.K_SUBSET)
                .optNoise(Noise.NONE).build();
    }

    private static void assertMatchesFiniteDifferences(double[] theta, double[] c, double[] gradient, String what) {
        double step = 1e-5;
        double[] expected = new double[theta.length];
        double largest = 0;
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += step;
            minus[i] -= step;
            expected[i] = (dot(c, relaxedTopK(plus)) - dot(c, relaxedTopK(minus))) / (2 * step);
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertTrue(largest > 0.1, what + ": the reference gradient must not vanish");
        assertArrayEquals(expected, gradient, 1e-3 * largest, what);
    }

    /** Xie and Ermon's recursion in double precision, the mask computed in log space. */
    private static double[] relaxedTopK(double[] scores) {
        return relaxedTopK(scores, K, TEMPERATURE);
    }

    /**
     * Xie and Ermon's recursion in double precision. {@code log(1 − α_i)} is the log-mass of the other options
     * relative to all, {@code log Σ_{j≠i} exp(z_j) − log Σ_j exp(z_j)}, each log-sum-exp shifted by its largest term:
     * exact however far one score leads.
     */
    static double[] relaxedTopK(double[] scores, int k, double temperature) {
        double[] logits = scores.clone();
        double[] relaxed = new double[scores.length];
        for (int j = 0; j < k; j++) {
            if (j > 0) {
                double[] z = new double[logits.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = logits[i] / temperature;
                }
                double all = ClosedForms.logSumExp(z);
                double[] mask = new double[z.length];
                for (int i = 0; i < z.length; i++) {
                    double[] others = new double[z.length - 1];
                    for (int o = 0, m = 0; o < z.length; o++) {
                        if (o != i) {
                            others[m++] = z[o];
                        }
                    }
                    mask[i] = ClosedForms.logSumExp(others) - all;
                }
                for (int i = 0; i < logits.length; i++) {
                    logits[i] += mask[i];
                }
            }
            double[] alpha = softmax(logits, temperature);
            for (int i = 0; i < relaxed.length; i++) {
                relaxed[i] += alpha[i];
            }
        }
        return relaxed;
    }
}

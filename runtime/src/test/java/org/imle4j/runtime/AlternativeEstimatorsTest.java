package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/** Straight-through and blackbox differentiation against enumeration and their definitions. */
class AlternativeEstimatorsTest extends ManagedTest {
    private float[] gradient(SolverLayer layer, float[] theta, float[] c) {
        NDArray thetaArray = manager.create(theta).reshape(1, theta.length);
        thetaArray.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(layer, thetaArray);
            collector.backward(z.mul(manager.create(c)).sum());
        }
        return thetaArray.getGradient().toFloatArray();
    }

    @Test
    void straightThroughPassesTheOutputGradientThrough() {
        float[] c = {1, -2, 0.5f, 3, 0};
        TestLayer layer = TestLayer.imle(TestSolvers.topK(2)).optNoise(Noise.GUMBEL).optSamples(7)
                .optEstimator(Estimators::ste).build();
        // Seven sample rows share the linear loss ⟨c, z⟩ per row; the mean over samples of dL/dz is c.
        assertArrayEquals(c, gradient(layer, new float[] {1, 2, 3, 4, 5}, c), 1e-6f);
    }

    @Test
    void straightThroughFlipsSignForMinimisers() {
        float[] c = {1, -2, 0.5f, 3, 0};
        TestLayer layer = TestLayer.imle(TestSolvers.bottomK(2)).optObjective(Objective.MINIMIZE).optOutput(Output.MEAN)
                .optEstimator(Estimators::ste).build();
        assertArrayEquals(new float[] {-1, 2, -0.5f, -3, 0}, gradient(layer, new float[] {1, 2, 3, 4, 5}, c), 1e-6f);
    }

    @Test
    void blackboxMatchesInterpolationComputedByEnumeration() {
        float[] theta = {0.3f, -1.2f, 2.0f, 0.7f, 0.1f, -0.4f};
        float[] c = {0.5f, -1.0f, 0.8f, 0.0f, -0.6f, 0.2f};
        float lambda = 2f;
        for (Objective objective : Objective.values()) {
            boolean max = objective == Objective.MAXIMIZE;
            TestLayer layer = TestLayer.imle(max ? TestSolvers.topK(3) : TestSolvers.bottomK(3)).optObjective(objective)
                    .optNoise(Noise.GUMBEL).optSamples(3).optEstimator(() -> Estimators.blackbox(lambda)).build();
            // Vlastelica et al.: for the minimiser y(w) with w = −θ (max) or θ (min), dL/dw = −(y(w) − y(w + λc))/λ.
            float sign = max ? -1 : 1;
            float[] w = scale(theta, sign);
            float[] perturbed = new float[theta.length];
            for (int i = 0; i < theta.length; i++) {
                perturbed[i] = w[i] + lambda * c[i];
            }
            int[] y = bestSubset(w, 3);
            int[] yShifted = bestSubset(perturbed, 3);
            float[] expected = new float[theta.length];
            for (int i = 0; i < theta.length; i++) {
                expected[i] = sign * -(y[i] - yShifted[i]) / lambda;
            }
            assertArrayEquals(expected, gradient(layer, theta, c), 1e-6f, objective.name());
        }
    }

    /** The k-subset minimising ⟨w, z⟩, by enumerating all subsets. */
    private static int[] bestSubset(float[] w, int k) {
        int[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int set = 0; set < 1 << w.length; set++) {
            if (Integer.bitCount(set) != k) {
                continue;
            }
            double value = 0;
            for (int i = 0; i < w.length; i++) {
                value += (set >> i & 1) * w[i];
            }
            if (value < bestValue) {
                bestValue = value;
                best = new int[w.length];
                for (int i = 0; i < w.length; i++) {
                    best[i] = set >> i & 1;
                }
            }
        }
        return best;
    }

    private static float[] scale(float[] values, float factor) {
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = values[i] * factor;
        }
        return scaled;
    }
}

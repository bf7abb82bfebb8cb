package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solve.SolveRequest;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/**
 * The two-phase backward against hand computations. Noise is off and λ = 1, so every solve is deterministic:
 * the I-MLE estimate is exactly {@code g = MAP(θ) − MAP(θ − dL/dz)}.
 */
class DeferredBackwardTest extends ManagedTest {
    private static TestLayer topK(int k) {
        return TestLayer.imle(TestSolvers.topK(k)).optNoise(Noise.NONE).optLambda(1.0).build();
    }

    /** θ = w ⊙ x with w = [2, 1.5, 1, 0.5] a leaf that requires gradient and x = 2: θ = [4, 3, 2, 1]. */
    private NDArray weights(float... values) {
        NDArray w = manager.create(values).reshape(1, values.length);
        w.setRequiresGradient(true);
        return w;
    }

    @Test
    void gradientReachesParametersUpstreamOfTheLayer() {
        NDArray w = weights(2f, 1.5f, 1f, 0.5f);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(topK(2), w.mul(Scalars.of(w, 2)));
            // z = top2([4, 3, 2, 1]) = [1, 1, 0, 0]; dL/dz = c = [2, 0, −3, 0];
            // θ − c = [2, 3, 5, 1], top2 = [0, 1, 1, 0]; g = [1, 0, −1, 0]; dL/dw = 2·g.
            collector.backward(z.mul(manager.create(new float[] {2, 0, -3, 0})).sum());
        }
        assertArrayEquals(new float[] {2, 0, -2, 0}, w.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void gradientAddsToOtherPathsFromTheSameTheta() {
        NDArray w = weights(2f, 1.5f, 1f, 0.5f);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray theta = w.mul(Scalars.of(w, 2));
            NDArray z = Layers.train(topK(2), theta);
            NDArray loss = z.mul(manager.create(new float[] {2, 0, -3, 0})).sum()
                    .add(theta.square().sum().mul(Scalars.of(theta, 0.5)));
            collector.backward(loss);
        }
        // dL/dθ = g + θ = [1, 0, −1, 0] + [4, 3, 2, 1]; dL/dw = 2·dL/dθ.
        assertArrayEquals(new float[] {10, 6, 2, 2}, w.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void gradientFlowsThroughTwoStackedSolverLayers() {
        NDArray w1 = weights(2f, 1.5f, 1f, 0.5f);
        NDArray w2 = weights(1f, 2f, 3f, 4f);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z1 = Layers.train(topK(2), w1.mul(Scalars.of(w1, 2)));
            NDArray theta2 = z1.mul(w2).add(manager.create(new float[] {0, 0, 0, 0.5f}));
            NDArray z2 = Layers.train(topK(1), theta2);
            collector.backward(z2.mul(manager.create(new float[] {0, 3, 0, 0})).sum());
        }
        // z1 = [1, 1, 0, 0]; θ2 = [1, 2, 0, 0.5]; z2 = [0, 1, 0, 0]; θ2 − c2 = [1, −1, 0, 0.5] → [1, 0, 0, 0];
        // g2 = [−1, 1, 0, 0]; dL/dw2 = g2 ⊙ z1; dL/dz1 = g2 ⊙ w2 = [−1, 2, 0, 0];
        // θ1 − dL/dz1 = [5, 1, 2, 1] → [1, 0, 1, 0]; g1 = [0, 1, −1, 0]; dL/dw1 = 2·g1.
        assertArrayEquals(new float[] {-1, 1, 0, 0}, w2.getGradient().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 2, -2, 0}, w1.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void minimizingSolverFlipsTheSign() {
        NDArray w = weights(2f, 1.5f, 1f, 0.5f);
        TestLayer bottomK = TestLayer.imle(TestSolvers.bottomK(2))
                .optNoise(Noise.NONE)
                .optObjective(Objective.MINIMIZE)
                .build();
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(bottomK, w.mul(Scalars.of(w, 2)));
            // z = bottom2([4, 3, 2, 1]) = [0, 0, 1, 1]; c = [0, 0, 3, 0];
            // maximisation form φ = −θ = [−4, −3, −2, −1]; φ − c = [−4, −3, −5, −1] → top2 = [0, 1, 0, 1];
            // g_φ = [0, −1, 1, 0]; g_θ = −g_φ = [0, 1, −1, 0]: raising θ3 lowers the chance of paying c3.
            collector.backward(z.mul(manager.create(new float[] {0, 0, 3, 0})).sum());
        }
        assertArrayEquals(new float[] {0, 2, -2, 0}, w.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void trainingForwardWithPlainEngineCollectorFailsWithAdvice() {
        NDArray theta = manager.create(new float[] {4, 3, 2, 1}).reshape(1, 4);
        try (GradientCollector plain = Engine.getInstance().newGradientCollector()) {
            IllegalStateException error =
                    assertThrows(IllegalStateException.class, () -> Layers.train(topK(2), theta));
            assertTrue(error.getMessage().contains("TestLayer"), error.getMessage());
            assertTrue(error.getMessage().contains("ImleTrainer"), error.getMessage());
        }
    }

    @Test
    void stepThatFailsMidwayLeavesNothingPendingForTheNextOne() {
        NDArray w = weights(2f, 1.5f, 1f, 0.5f);
        TestLayer failing = TestLayer.imle(request -> {
                    throw new IllegalStateException("solver crashed");
                })
                .build();
        try (GradientCollector collector = ImleGradientCollector.open()) {
            Layers.train(topK(2), w.mul(Scalars.of(w, 2)));
            assertThrows(RuntimeException.class, () -> Layers.train(failing, w.mul(Scalars.of(w, 2))));
        }
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(topK(2), w.mul(Scalars.of(w, 2)));
            collector.backward(z.mul(manager.create(new float[] {2, 0, -3, 0})).sum());
        }
        assertArrayEquals(new float[] {2, 0, -2, 0}, w.getGradient().toFloatArray(), 1e-6f);
    }

    /** θ of the first layer from data alone: phase 2 has nothing to reach there, the other paths are exact. */
    @Test
    void dataOnlyThetaOfOneLayerLeavesTheOtherGradientsExact() {
        NDArray w2 = weights(1f, 2f, 3f, 4f);
        NDArray theta1 = manager.create(new float[] {4, 3, 2, 1}).reshape(1, 4);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z1 = Layers.train(topK(2), theta1);
            NDArray theta2 = z1.mul(w2).add(manager.create(new float[] {0, 0, 0, 0.5f}));
            NDArray z2 = Layers.train(topK(1), theta2);
            collector.backward(z2.mul(manager.create(new float[] {0, 3, 0, 0})).sum());
        }
        // As in gradientFlowsThroughTwoStackedSolverLayers: dL/dw2 = g2 ⊙ z1.
        assertArrayEquals(new float[] {-1, 1, 0, 0}, w2.getGradient().toFloatArray(), 1e-6f);
    }

    /** θ from frozen weights (no gradient) and a loss that also reaches a trainable bias past the layer. */
    @Test
    void frozenUpstreamThetaLeavesTheDownstreamGradientExact() {
        NDArray frozen = manager.create(new float[] {2f, 1.5f, 1f, 0.5f}).reshape(1, 4);
        NDArray bias = weights(0f, 0f, 0f, 0f);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(topK(2), frozen.mul(Scalars.of(frozen, 2)));
            // L = Σ (z + bias) ⊙ c: dL/dbias = c.
            collector.backward(z.add(bias).mul(manager.create(new float[] {2, 0, -3, 0})).sum());
        }
        assertArrayEquals(new float[] {2, 0, -3, 0}, bias.getGradient().toFloatArray(), 0f);
        assertFalse(frozen.hasGradient());
    }
}

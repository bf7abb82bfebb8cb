package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.noise.GumbelNoise;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.junit.jupiter.api.Test;

/**
 * L2X's relaxation in a top-k layer: without noise its k samples coincide, so it is softmax(θ/t) with the softmax's
 * gradient; with Gumbel noise every entry is in [0, 1], a row sums to between 1 and k, and as t → 0 an option is in
 * the mask with the probability that one of k independent draws from softmax(θ) picks it.
 */
class ConcreteSubsetEstimatorTest {
    private static final int K = 3;
    private static final float[][] THETA = {{0.9f, -0.4f, 1.3f, 0.2f, -1.1f, 0.6f}, {0f, 0.5f, -0.5f, 1f, 0.3f, -0.2f}};
    private static final float[][] C = {{1f, -0.5f, 0.25f, 2f, -1f, 0.4f}, {-1f, 0.3f, 0.8f, 0f, 0.5f, -0.7f}};

    private static SolverLayer layer(double temperature, double noiseTemperature, int samples) {
        return ConcreteSubsetEstimator.configure(BatchTopKLayer.builder().setK(K).optSamples(samples)
                .optOutput(Output.SAMPLES), K, temperature).optNoiseTemperature(noiseTemperature).build();
    }

    /** The output and dL/dθ for L = Σ c·z (c repeated for every sample), after one training forward pass. */
    private static float[][] step(SolverLayer layer, int samples) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray theta = manager.create(THETA);
            theta.setRequiresGradient(true);
            layer.initialize(manager, theta.getDataType(), theta.getShape());
            try (GradientCollector collector = ImleGradientCollector.open()) {
                NDArray z = layer.forward(new ParameterStore(manager, false), new NDList(theta), true)
                        .singletonOrThrow();
                collector.backward(z.mul(manager.create(C).repeat(0, samples)).sum());
                return new float[][] {z.toFloatArray(), theta.getGradient().toFloatArray()};
            }
        }
    }

    @Test
    void withoutNoiseItIsTheSoftmaxWithItsGradient() {
        double t = 0.7;
        float[][] result = step(layer(t, 0, 1), 1);
        int n = THETA[0].length;
        for (int b = 0; b < THETA.length; b++) {
            double[] p = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp(THETA[b][i] / t);
                total += p[i];
            }
            double mean = 0;
            for (int i = 0; i < n; i++) {
                p[i] /= total;
                mean += p[i] * C[b][i];
            }
            for (int i = 0; i < n; i++) {
                assertEquals(p[i], result[0][b * n + i], 1e-5, "output " + b + ", " + i);
                // d/dθ_i Σ_j c_j softmax_j(θ/t) = p_i (c_i − Σ_j p_j c_j) / t
                assertEquals(p[i] * (C[b][i] - mean) / t, result[1][b * n + i], 1e-5, "gradient " + b + ", " + i);
            }
        }
    }

    @Test
    void withGumbelNoiseRowsSumToBetweenOneAndK() {
        Engine.getInstance().setRandomSeed(5);
        int samples = 20;
        SolverLayer layer = layer(0.1, 1, samples);
        assertInstanceOf(GumbelNoise.class, layer.getSettings().noise());
        assertInstanceOf(ConcreteSubsetEstimator.class, layer.getEstimator());
        float[] z = step(layer, samples)[0];
        int n = THETA[0].length;
        assertEquals(THETA.length * samples * n, z.length);
        for (int row = 0; row < z.length / n; row++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float value = z[row * n + i];
                assertTrue(value >= 0 && value <= 1, "entry " + value);
                sum += value;
            }
            assertTrue(sum >= 1 - 1e-5 && sum <= K + 1e-5, "row sum " + sum);
        }
    }

    @Test
    void atALowTemperatureAnOptionIsInTheMaskWhenOneOfKIndependentDrawsPicksIt() {
        Engine.getInstance().setRandomSeed(11);
        int samples = 5_000;
        // At t = 10⁻⁴ a softmax is one-hot unless its two best perturbed scores lie within about t·log n of each
        // other, which the Gumbel noise's bounded density makes a chance below 10⁻³: under the tolerance.
        float[] z = step(layer(1e-4, 1, samples), samples)[0];
        int n = THETA[0].length;
        for (int b = 0; b < THETA.length; b++) {
            double total = 0;
            for (float value : THETA[b]) {
                total += Math.exp(value);
            }
            for (int i = 0; i < n; i++) {
                int hits = 0;
                for (int s = 0; s < samples; s++) {
                    hits += z[(b * samples + s) * n + i] > 0.5f ? 1 : 0;
                }
                double p = Math.exp(THETA[b][i]) / total;
                double any = 1 - Math.pow(1 - p, K);
                assertEquals(any, hits / (double) samples, 5 * Math.sqrt(any * (1 - any) / samples),
                        "example " + b + ", option " + i);
            }
        }
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ConcreteSubsetEstimator(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ConcreteSubsetEstimator(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConcreteSubsetEstimator(2, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsAKLargerThanTheOptions() {
        SolverLayer layer = ConcreteSubsetEstimator.configure(BatchTopKLayer.builder().setK(K), 8, 0.1).build();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray theta = manager.create(THETA);
                layer.initialize(manager, theta.getDataType(), new Shape(2, 6));
                theta.setRequiresGradient(true);
                try (GradientCollector collector = ImleGradientCollector.open()) {
                    collector.backward(layer.forward(new ParameterStore(manager, false), new NDList(theta), true)
                            .singletonOrThrow().sum());
                }
            }
        });
        assertTrue(error.getMessage().contains("k = 8"), error.getMessage());
    }
}

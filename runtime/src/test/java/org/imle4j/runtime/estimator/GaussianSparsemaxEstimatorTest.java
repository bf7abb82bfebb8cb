package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.estimator.ClosedForms.scale;
import static org.imle4j.runtime.estimator.Quadrature.derivative;
import static org.imle4j.runtime.estimator.Quadrature.normalCdf;
import static org.imle4j.runtime.estimator.Quadrature.normalDensity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gaussian-sparsemax against its definition. Without noise the output is {@code sparsemax(φ/t)} and the gradient of
 * {@code ⟨c, z⟩} is {@code J·c/t}, {@code J = diag(s) − s·sᵀ/|S|}, computed here in double precision.
 *
 * <p>With Gaussian noise on n = 2 options, {@code z₁ = min(1, max(0, Y))} with
 * {@code Y = ((x₁ − x₂)/t + 1)/2}, {@code x = θ + σε}, a normal variable of mean {@code m = ((θ₁ − θ₂)/t + 1)/2} and
 * standard deviation {@code v = σ/(t·√2)}: {@code P(z = e₁) = Φ((m − 1)/v) = Φ((θ₁ − θ₂ − t)/(σ√2))},
 * {@code P(z = e₂) = Φ(−m/v)}, and with {@code G(u) = u·Φ(u) + φ(u)} and {@code H(u) = ((u² − 1)·Φ(u) + u·φ(u))/2},
 * the antiderivatives of Φ and u·Φ, over {@code [a, b] = [(m − 1)/v, m/v]}:
 * {@code E[z₁] = ∫₀¹ Φ((m − y)/v) dy = v·(G(b) − G(a))} and {@code E[z₁²] = 2v·(m·(G(b) − G(a)) − v·(H(b) − H(a)))}.
 * A draw's gradient of {@code ⟨c, z⟩} in θ₁ is {@code (c₁ − c₂)/(2t)} where {@code 0 < Y < 1} and 0 elsewhere, a
 * scaled Bernoulli variable of probability {@code p = Φ(b) − Φ(a)}. Frequencies, means and gradients are held to five
 * standard errors; the gradient's reference is a finite difference of the closed-form expectation.
 */
class GaussianSparsemaxEstimatorTest {
    private static final double[][] THETA = {{0.5, -1.0, 1.5, 0.0, 0.3}, {-0.6, 0.4, 0.1, -1.3, 0.9},
            {3.0, 0.0, -1.0, 0.5, 0.2}};
    private static final double[][] C = {{1.0, -0.5, 0.25, 2.0, -1.0}, {-1.0, 0.3, 0.8, 0.0, 0.5},
            {0.4, -0.2, 1.0, 0.3, -0.7}};

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(2022);
    }

    /** Sparsemax of one row, in double precision: sort, find the support size, threshold. */
    private static double[] sparsemax(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double cumulative = 0;
        double threshold = 0;
        for (int k = 1; k <= sorted.length; k++) {
            double value = sorted[sorted.length - k];
            cumulative += value;
            if (1 + k * value > cumulative) {
                threshold = (cumulative - 1) / k;
            }
        }
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.max(0, x[i] - threshold);
        }
        return p;
    }

    /** {@code J·c} for the sparsemax Jacobian at the projection p: {@code s_i·(c_i − mean over S of c)}. */
    private static double[] sparsemaxJacobianTimes(double[] p, double[] c) {
        double sum = 0;
        int size = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                sum += c[i];
                size++;
            }
        }
        double[] product = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            product[i] = p[i] > 0 ? c[i] - sum / size : 0;
        }
        return product;
    }

    @Test
    void withoutNoiseItIsSparsemaxWithItsJacobian() {
        double temperature = 2.0;
        for (Objective objective : Objective.values()) {
            double sign = objective == Objective.MAXIMIZE ? 1 : -1;
            TestLayer layer = TestLayer.trainedBy(Estimators.gaussianSparsemax(temperature), TestSolvers.argmax())
                    .optStructure(Structure.ONE_HOT)
                    .optNoise(Noise.NONE)
                    .optObjective(objective)
                    .build();
            TestLayer.Step step = layer.step(THETA, C);
            int[] supportSizes = new int[THETA.length];
            for (int b = 0; b < THETA.length; b++) {
                double[] p = sparsemax(scale(THETA[b], sign / temperature));
                assertArrayEquals(p, step.output()[b], 1e-6, objective + ", output of example " + b);
                assertArrayEquals(scale(sparsemaxJacobianTimes(p, C[b]), sign / temperature), step.gradient()[b],
                        1e-6, objective + ", gradient of example " + b);
                supportSizes[b] = (int) Arrays.stream(p).filter(v -> v > 0).count();
            }
            // The rows reach faces of two and three options, and a vertex, where the gradient is 0.
            assertArrayEquals(objective == Objective.MAXIMIZE ? new int[] {3, 3, 1} : new int[] {3, 2, 3},
                    supportSizes, objective.name());
        }
    }

    @Test
    void onTwoOptionsVertexFrequenciesMeanAndGradientAreTheClosedForms() {
        // {θ₁, θ₂, σ, t}
        double[][] cases = {{0.8, 0.1, 1.0, 1.0}, {0.3, 0.2, 0.7, 0.5}};
        double[] c = {1.0, -0.5};
        int samples = 40_000;
        for (double[] setting : cases) {
            double[] theta = {setting[0], setting[1]};
            double sigma = setting[2];
            double t = setting[3];
            String where = "θ = " + Arrays.toString(theta) + ", σ = " + sigma + ", t = " + t;
            TestLayer layer = TestLayer.trainedBy(Estimators.gaussianSparsemax(t), TestSolvers.argmax())
                    .optStructure(Structure.ONE_HOT)
                    .optNoise(Noise.GAUSSIAN)
                    .optNoiseTemperature(sigma)
                    .optSamples(samples)
                    .optOutput(Output.SAMPLES)
                    .build();
            double[][] weights = new double[samples][];
            Arrays.fill(weights, c);
            TestLayer.Step step = layer.step(new double[][] {theta}, weights);

            int first = 0;
            int second = 0;
            double meanFirst = 0;
            for (double[] z : step.output()) {
                assertTrue(z[0] >= 0 && z[1] >= 0 && Math.abs(z[0] + z[1] - 1) < 1e-6, Arrays.toString(z));
                first += z[1] == 0 ? 1 : 0;
                second += z[0] == 0 ? 1 : 0;
                meanFirst += z[0] / samples;
            }
            double m = ((theta[0] - theta[1]) / t + 1) / 2;
            double v = sigma / (t * Math.sqrt(2));
            double pFirst = normalCdf((m - 1) / v);
            double pSecond = normalCdf(-m / v);
            assertEquals(normalCdf((theta[0] - theta[1] - t) / (sigma * Math.sqrt(2))), pFirst, 1e-12);
            assertEquals(pFirst, first / (double) samples, 5 * Math.sqrt(pFirst * (1 - pFirst) / samples),
                    "frequency of the vertex e₁, " + where);
            assertEquals(pSecond, second / (double) samples, 5 * Math.sqrt(pSecond * (1 - pSecond) / samples),
                    "frequency of the vertex e₂, " + where);

            double mean = expectedFirst(m, v);
            double variance = expectedFirstSquared(m, v) - mean * mean;
            assertEquals(mean, meanFirst, 5 * Math.sqrt(variance / samples), "E[z₁], " + where);

            // E⟨c, z⟩ = c₂ + (c₁ − c₂)·E[z₁], as a function of θ₁ (and of θ₂, through m only).
            DoubleUnaryOperator expectedLossOfFirst = x -> c[1] + (c[0] - c[1]) * expectedFirst(
                    ((x - theta[1]) / t + 1) / 2, v);
            DoubleUnaryOperator expectedLossOfSecond = x -> c[1] + (c[0] - c[1]) * expectedFirst(
                    ((theta[0] - x) / t + 1) / 2, v);
            double p = normalCdf(m / v) - normalCdf((m - 1) / v);
            double standardError = Math.abs(c[0] - c[1]) / (2 * t) * Math.sqrt(p * (1 - p) / samples);
            assertEquals(derivative(expectedLossOfFirst, theta[0], 1e-4), step.gradient()[0][0], 5 * standardError,
                    "dE⟨c, z⟩/dθ₁, " + where);
            assertEquals(derivative(expectedLossOfSecond, theta[1], 1e-4), step.gradient()[0][1], 5 * standardError,
                    "dE⟨c, z⟩/dθ₂, " + where);
        }
    }

    /** {@code E[min(1, max(0, Y))]} for Y normal of mean m and standard deviation v. */
    private static double expectedFirst(double m, double v) {
        return v * (antiderivative(m / v) - antiderivative((m - 1) / v));
    }

    /** {@code E[min(1, max(0, Y))²]} for Y normal of mean m and standard deviation v. */
    private static double expectedFirstSquared(double m, double v) {
        double a = (m - 1) / v;
        double b = m / v;
        double moment = ((b * b - 1) * normalCdf(b) + b * normalDensity(b) - (a * a - 1) * normalCdf(a)
                - a * normalDensity(a)) / 2;
        return 2 * v * (m * (antiderivative(b) - antiderivative(a)) - v * moment);
    }

    /** {@code G(u) = u·Φ(u) + φ(u)}, the antiderivative of Φ. */
    private static double antiderivative(double u) {
        return u * normalCdf(u) + normalDensity(u);
    }

    /**
     * The temperature, sparsemax's 1 and, with S samples per example, the 1/S of the output's gradient are scalars
     * that autograd keeps for the backward pass; a garbage collection between the passes must not change the gradient.
     */
    @Test
    void backwardPassIsUnharmedByGarbageCollectionAfterTheForwardPass() {
        TestLayer layer = TestLayer.trainedBy(Estimators.gaussianSparsemax(2.0), TestSolvers.argmax())
                .optStructure(Structure.ONE_HOT)
                .optNoise(Noise.NONE)
                .optSamples(3)
                .build();
        layer.assertGarbageCollectionKeepsTheGradient(THETA, TestLayer.perSampleRows(C, 3), () -> {});
    }

    @Test
    void buildRefusesOtherStructuresAndNoise() {
        for (Structure structure : new Structure[] {Structure.K_SUBSET, Structure.INDEPENDENT_BITS}) {
            GradientEstimator estimator = Estimators.gaussianSparsemax(1.0);
            String message = assertThrows(IllegalArgumentException.class, () -> TestLayer.trainedBy(estimator,
                    TestSolvers.topK(1)).optStructure(structure).optNoise(Noise.GAUSSIAN).build()).getMessage();
            assertTrue(message.startsWith(TestLayer.IDENTITY.describe() + ": the estimator Gaussian-sparsemax(t=1.0) "
                    + "projects Gaussian-perturbed scores of each row onto the simplex, whose vertices are the "
                    + "argmax's one-hot solutions, so it needs a solver of structure ONE_HOT, but the solver's "
                    + "structure is " + structure), message);
        }
        for (Noise noise : new Noise[] {Noise.GUMBEL, Noise.SUM_OF_GAMMA}) {
            String message = assertThrows(IllegalArgumentException.class, () -> TestLayer.trainedBy(
                    Estimators.gaussianSparsemax(1.0), TestSolvers.argmax()).optStructure(Structure.ONE_HOT)
                    .optNoise(noise).build()).getMessage();
            assertTrue(message.endsWith("works with GAUSSIAN or NONE noise only, but the layer's noise is " + noise
                    + "; build the layer with optNoise(Noise.GAUSSIAN) or optNoise(Noise.NONE)"), message);
        }
    }

    @Test
    void rejectsTemperaturesThatAreNotPositiveAndFinite() {
        for (double temperature : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("Gaussian-sparsemax temperature must be positive and finite, but was " + temperature,
                    assertThrows(IllegalArgumentException.class, () -> Estimators.gaussianSparsemax(temperature))
                            .getMessage());
        }
    }

    @Test
    void sparsemaxRefusesScalars() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> Sparsemax.project(manager.create(1f)));
        }
    }
}

package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.estimator.ClosedForms.scale;
import static org.imle4j.runtime.estimator.ClosedForms.softmax;
import static org.imle4j.runtime.estimator.ClosedForms.softmaxJacobianTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import java.util.List;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The perturbed-optimizer estimator against closed forms.
 *
 * <p>With standard Gumbel noise an argmax solver samples exactly from softmax(θ/σ) (the Gumbel-max trick), so
 * {@code y_σ(θ) = softmax(θ/σ)} and the expected gradient of {@code ⟨c, y⟩} is {@code J(θ/σ)·c/σ} with
 * {@code J = diag(p) − ppᵀ}. One sample's term for coordinate i is {@code (1 − e^{−Z_i})·⟨y, c⟩/σ}; since
 * {@code e^{−Z}} is Exp(1) for standard Gumbel Z, {@code E[(1 − e^{−Z})²] = 1 − 2 + 2 = 1}, so its variance is at most
 * {@code max c²/σ²} (the same bound holds for Gaussian noise, {@code E[Z²] = 1}). The mean of S terms is therefore
 * within {@code 5·max|c|/(σ√S)} with overwhelming probability; each test also checks that the exact value stands
 * well above that tolerance, so that a zero or wrongly scaled estimate fails.
 */
class PerturbedOptimizerEstimatorTest {
    private static final int SAMPLES = 200_000;
    private static final double[] THETA = {0.8, -0.3, 1.2, 0.1, -0.6};
    private static final double[] C = {1.0, -1.0, -0.5, 0.8, 0.3};

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(20200707);
    }

    @Test
    void gumbelArgmaxGradientMatchesSoftmaxJacobian() {
        double sigma = 1.0;
        TestLayer layer = gumbelArgmax(sigma, Objective.MAXIMIZE, TestSolvers.argmax());
        double[] gradient = layer.step(new double[][] {THETA}, new double[][] {C}).gradient()[0];

        double[] expected = scale(softmaxJacobianTimes(softmax(THETA, sigma), C), 1 / sigma);
        assertWithinSamplingError(expected, gradient, C, sigma);
    }

    @Test
    void minimisingLayerDifferentiatesTheArgminOfTheCosts() {
        double sigma = 1.0;
        TestLayer layer = gumbelArgmax(sigma, Objective.MINIMIZE, TestSolvers.argmin());
        double[] gradient = layer.step(new double[][] {THETA}, new double[][] {C}).gradient()[0];

        // φ = −θ: the layer's mean output is softmax(−θ/σ), whose θ-Jacobian is −J(−θ/σ)/σ.
        double[] expected = scale(softmaxJacobianTimes(softmax(scale(THETA, -1), sigma), C), -1 / sigma);
        assertWithinSamplingError(expected, gradient, C, sigma);
    }

    @Test
    void gumbelArgmaxMeanOutputIsSoftmax() {
        double sigma = 0.5;
        TestLayer layer = gumbelArgmax(sigma, Objective.MAXIMIZE, TestSolvers.argmax());
        double[] output = layer.step(new double[][] {THETA}, new double[][] {C}).output()[0];

        double[] p = softmax(THETA, sigma);
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], output[i], 5 * Math.sqrt(p[i] * (1 - p[i]) / SAMPLES), "coordinate " + i);
        }
    }

    @Test
    void gaussianTwoOptionGradientMatchesNormalDensityOverSampleRows() {
        // argmax(θ + σZ) over two options picks the first with probability Φ((θ₀ − θ₁)/(σ√2)), whose derivative
        // in θ₀ is the normal density there divided by σ√2.
        double sigma = 1.0;
        double[] theta = {0.3, -0.2};
        double[] c = {1.0, -1.0};
        TestLayer layer = TestLayer.trainedBy(new PerturbedOptimizerEstimator(), TestSolvers.argmax())
                .optNoise(Noise.GAUSSIAN)
                .optNoiseTemperature(sigma)
                .optSamples(SAMPLES)
                .build();
        // Output.SAMPLES: each of the S rows carries the loss ⟨c, row⟩, and the estimator averages over rows.
        double[] gradient = layer.step(new double[][] {theta}, new double[][] {c}).gradient()[0];

        double x = (theta[0] - theta[1]) / (sigma * Math.sqrt(2));
        double slope = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) / (sigma * Math.sqrt(2));
        double[] expected = {(c[0] - c[1]) * slope, (c[1] - c[0]) * slope};
        assertWithinSamplingError(expected, gradient, c, sigma);
    }

    @Test
    void reportsTheShareOfNonZeroGradientEntries() {
        TestLayer layer = TestLayer.trainedBy(new PerturbedOptimizerEstimator(), TestSolvers.argmax())
                .optNoise(Noise.GUMBEL)
                .optSamples(50)
                .optOutput(Output.MEAN)
                .build();
        Metrics metrics = new Metrics();
        // The second example's loss ignores its output, so its whole gradient row is exactly zero: half the entries.
        layer.step(new double[][] {THETA, THETA}, new double[][] {C, new double[C.length]}, metrics);

        List<Metric> reported = metrics.getMetric("TestLayer.nonZeroFraction");
        assertEquals(1, reported.size());
        assertEquals(0.5, reported.get(0).getValue(), 0.0);
    }

    @Test
    void buildRejectsNoiseWhoseDensityItDoesNotKnow() {
        for (Noise noise : new Noise[] {Noise.SUM_OF_GAMMA, Noise.NONE}) {
            TestLayer.Imle builder = TestLayer.trainedBy(new PerturbedOptimizerEstimator(),
                    TestSolvers.argmax()).optNoise(noise);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build);
            assertEquals(TestLayer.IDENTITY.describe() + ": the estimator perturbed optimizer integrates by parts "
                    + "against the density of the noise σ·Z, which it knows for Gaussian and Gumbel Z and σ > 0, so "
                    + "it works with GUMBEL or GAUSSIAN noise only, but the layer's noise is " + noise
                    + "; build the layer with optNoise(Noise.GUMBEL) or optNoise(Noise.GAUSSIAN)", error.getMessage());
        }
    }

    @Test
    void buildRejectsZeroNoiseTemperature() {
        TestLayer.Imle builder = TestLayer.trainedBy(new PerturbedOptimizerEstimator(),
                TestSolvers.argmax()).optNoise(Noise.GUMBEL).optNoiseTemperature(0);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(error.getMessage().startsWith(TestLayer.IDENTITY.describe() + ": the estimator perturbed "
                + "optimizer"), error.getMessage());
        assertTrue(error.getMessage().endsWith("needs a positive noise temperature τ, but it is 0.0; set "
                + "optNoiseTemperature to a positive value"), error.getMessage());
    }

    private static TestLayer gumbelArgmax(double sigma, Objective objective,
            BatchSolver solver) {
        return TestLayer.trainedBy(new PerturbedOptimizerEstimator(), solver)
                .optNoise(Noise.GUMBEL)
                .optNoiseTemperature(sigma)
                .optObjective(objective)
                .optSamples(SAMPLES)
                .optOutput(Output.MEAN)
                .build();
    }

    private static void assertWithinSamplingError(double[] expected, double[] estimate, double[] c, double sigma) {
        double maxWeight = 0;
        for (double weight : c) {
            maxWeight = Math.max(maxWeight, Math.abs(weight));
        }
        double tolerance = 5 * maxWeight / (sigma * Math.sqrt(SAMPLES));
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], estimate[i], tolerance, "coordinate " + i);
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertTrue(largest > 10 * tolerance, "the exact gradient must stand well above the tolerance");
    }
}

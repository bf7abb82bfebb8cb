package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.estimator.ClosedForms.scale;
import static org.imle4j.runtime.estimator.ClosedForms.softmax;
import static org.imle4j.runtime.estimator.ClosedForms.softmaxJacobianTimes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gumbel-softmax against its definition. Without noise the soft sample is {@code p = softmax(φ/t)} and the gradient
 * of {@code ⟨c, p⟩} is {@code J·c/t} with {@code J = diag(p) − ppᵀ}; single-precision softmax and autograd agree
 * with the double-precision formulas to about 1e-7, so 1e-6 and 1e-5 leave a wide margin.
 */
class GumbelSoftmaxEstimatorTest {
    private static final double TEMPERATURE = 0.5;
    private static final double[][] THETA = {{0.5, -1.0, 1.5, 0.0, 0.3}, {-0.2, 0.4, 0.1, -1.0, 0.9}};
    private static final double[][] C = {{1.0, -0.5, 0.25, 2.0, -1.0}, {-1.0, 0.3, 0.8, 0.0, 0.5}};

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(2017);
    }

    @Test
    void softSampleWithoutNoiseIsTemperedSoftmaxWithItsJacobian() {
        TestLayer.Step step = noiseless(GumbelSoftmaxEstimator.soft(TEMPERATURE), Objective.MAXIMIZE)
                .step(THETA, C);
        for (int b = 0; b < THETA.length; b++) {
            double[] p = softmax(THETA[b], TEMPERATURE);
            assertArrayEquals(p, step.output()[b], 1e-6, "output of example " + b);
            assertArrayEquals(scale(softmaxJacobianTimes(p, C[b]), 1 / TEMPERATURE), step.gradient()[b], 1e-5,
                    "gradient of example " + b);
        }
    }

    @Test
    void straightThroughForwardsOneHotArgmaxWithTheSoftGradient() {
        TestLayer.Step step =
                noiseless(GumbelSoftmaxEstimator.straightThrough(TEMPERATURE), Objective.MAXIMIZE).step(THETA, C);
        double[][] oneHot = {{0, 0, 1, 0, 0}, {0, 0, 0, 0, 1}};
        for (int b = 0; b < THETA.length; b++) {
            assertArrayEquals(oneHot[b], step.output()[b], 0.0, "output of example " + b);
            double[] p = softmax(THETA[b], TEMPERATURE);
            assertArrayEquals(scale(softmaxJacobianTimes(p, C[b]), 1 / TEMPERATURE), step.gradient()[b], 1e-5,
                    "gradient of example " + b);
        }
    }

    @Test
    void minimisingLayerRelaxesTheArgminOfTheCosts() {
        for (GumbelSoftmaxEstimator estimator : new GumbelSoftmaxEstimator[] {
                GumbelSoftmaxEstimator.soft(TEMPERATURE), GumbelSoftmaxEstimator.straightThrough(TEMPERATURE)}) {
            TestLayer.Step step = noiseless(estimator, Objective.MINIMIZE).step(THETA, C);
            for (int b = 0; b < THETA.length; b++) {
                // φ = −θ: p = softmax(−θ/t), and the chain rule through −θ flips the gradient's sign.
                double[] p = softmax(scale(THETA[b], -1), TEMPERATURE);
                assertArrayEquals(scale(softmaxJacobianTimes(p, C[b]), -1 / TEMPERATURE), step.gradient()[b], 1e-5,
                        estimator + ", gradient of example " + b);
            }
        }
        double[] soft = noiseless(GumbelSoftmaxEstimator.soft(TEMPERATURE), Objective.MINIMIZE)
                .step(THETA, C).output()[0];
        assertArrayEquals(softmax(scale(THETA[0], -1), TEMPERATURE), soft, 1e-6);
    }

    @Test
    void straightThroughWithGumbelNoiseSamplesTheSoftmaxOfTheScaledScores() {
        // argmax(θ + τG) = argmax(θ/τ + G), which the Gumbel-max trick draws from softmax(θ/τ).
        int samples = 20_000;
        double noiseTemperature = 2.0;
        TestLayer layer = TestLayer.trainedBy(GumbelSoftmaxEstimator.straightThrough(TEMPERATURE), TestSolvers.argmax())
                .optStructure(Structure.ONE_HOT)
                .optNoise(Noise.GUMBEL)
                .optNoiseTemperature(noiseTemperature)
                .optSamples(samples)
                .optOutput(Output.MEAN)
                .build();
        double[] frequencies = layer.step(new double[][] {THETA[0]}, new double[][] {C[0]}).output()[0];

        double[] p = softmax(THETA[0], noiseTemperature);
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], frequencies[i], 5 * Math.sqrt(p[i] * (1 - p[i]) / samples), "option " + i);
        }
    }

    /**
     * The temperature and, with S samples per example, the 1/S of the output's gradient are scalars that autograd
     * keeps for the backward pass; a garbage collection between the passes must not change the gradient.
     */
    @Test
    void backwardPassIsUnharmedByGarbageCollectionAfterTheForwardPass() {
        TestLayer layer = TestLayer.trainedBy(GumbelSoftmaxEstimator.soft(TEMPERATURE), TestSolvers.argmax())
                .optStructure(Structure.ONE_HOT)
                .optNoise(Noise.NONE)
                .optSamples(3)
                .optOutput(Output.SAMPLES)
                .build();
        layer.assertGarbageCollectionKeepsTheGradient(THETA, TestLayer.perSampleRows(C, 3), () -> {});
    }

    @Test
    void rejectsScoresThatAreNotOneVectorPerExample() {
        TestLayer layer = noiseless(GumbelSoftmaxEstimator.soft(TEMPERATURE), Objective.MAXIMIZE);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> layer.trainForward(new Shape(2, 3, 4)));
        assertEquals(layer.getIdentity().describe() + ": Gumbel-softmax relaxes the choice of one of n options, so "
                + "θ must have shape [B, n], but has shape (2, 3, 4)", error.getMessage());
    }

    @Test
    void rejectsTemperaturesThatAreNotPositiveAndFinite() {
        for (double temperature : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException soft = assertThrows(IllegalArgumentException.class,
                    () -> GumbelSoftmaxEstimator.soft(temperature));
            assertEquals("Gumbel-softmax temperature must be positive and finite, but was " + temperature,
                    soft.getMessage());
            assertThrows(IllegalArgumentException.class, () -> GumbelSoftmaxEstimator.straightThrough(temperature));
        }
    }

    private static TestLayer noiseless(GumbelSoftmaxEstimator estimator, Objective objective) {
        return TestLayer.trainedBy(estimator, TestSolvers.argmax())
                .optStructure(Structure.ONE_HOT)
                .optNoise(Noise.NONE)
                .optObjective(objective)
                .build();
    }
}

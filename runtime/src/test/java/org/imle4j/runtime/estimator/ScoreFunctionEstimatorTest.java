package org.imle4j.runtime.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.function.ToDoubleFunction;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Score-function estimates against {@code ∇_φ E_p[f] = Σ_z p(z)·f(z)·(z − μ)} enumerated exactly; for
 * {@code f = ⟨c, z⟩} that is {@code Cov_p(z)·c}.
 *
 * <p>Tolerances: coordinate i of the estimate is the mean of S terms {@code (f − b)·(z_i − μ_i)} with
 * {@code |f − b| ≤ R}, so each term has variance at most {@code R²·E[(z_i − μ_i)²] = R²·μ_i(1 − μ_i)} and the mean a
 * standard error at most {@code R·√(μ_i(1 − μ_i)/S)}; the tolerance is five of those. Without a baseline, and with the
 * moving average (a convex combination of 0 and past rewards), R is the range of f and 0 together; with leave-one-out
 * (a mean of other rewards) the range of f. Leave-one-out terms share their rewards, but the estimate equals
 * {@code S/(S − 1)} times the mean of {@code (f_s − f̄)(z_s − μ)}, whose variance is that of independent terms up to
 * O(1/S).
 */
class ScoreFunctionEstimatorTest {
    private static final int SAMPLES = 200_000;
    private static final double[] PHI = {0.8, -0.4, 0.3, 1.1, -1.0, 0.0};
    private static final double[] C = {1.5, -1.0, 0.5, -2.0, 2.0, 0.0};
    private static final double[] TARGET = {0.9, 0.1, 0.6, 0.2, 0.7, 0.4};
    private static final int K = 3;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(19920501);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void linearRewardWithoutBaselineMatchesCovarianceTimesC() {
        assertStaticEstimateIsExact(Baseline.none(), ScoreFunctionEstimatorTest::linear, false);
    }

    @Test
    void linearRewardWithMovingAverageMatchesCovarianceTimesC() {
        Baseline baseline = Baseline.movingAverage(0.5);
        NDArray phi = manager.create(new double[][] {PHI});
        for (int warmUp = 0; warmUp < 5; warmUp++) {
            NDArray samples = ExponentialFamily.kSubset(K).sample(phi, 1_000);
            baseline.baselines(phi, rewards(samples, ScoreFunctionEstimatorTest::linear));
        }
        assertStaticEstimateIsExact(baseline, ScoreFunctionEstimatorTest::linear, false);
    }

    @Test
    void linearRewardWithLeaveOneOutMatchesCovarianceTimesC() {
        assertStaticEstimateIsExact(Baseline.leaveOneOut(), ScoreFunctionEstimatorTest::linear, true);
    }

    @Test
    void trueQuadraticRewardWithoutBaselineMatchesEnumeration() {
        assertStaticEstimateIsExact(Baseline.none(), ScoreFunctionEstimatorTest::squaredDistance, false);
    }

    @Test
    void trueQuadraticRewardWithLeaveOneOutMatchesEnumeration() {
        assertStaticEstimateIsExact(Baseline.leaveOneOut(), ScoreFunctionEstimatorTest::squaredDistance, true);
    }

    @Test
    void maximisingLayerWithMeanOutputEstimatesCovarianceTimesC() {
        SolverLayer layer = topK(K,
                new ScoreFunctionEstimator(ExponentialFamily.kSubset(K), Baseline.leaveOneOut()))
                .optSamples(SAMPLES)
                .optOutput(Output.MEAN)
                .build();
        double[] estimate = layerGradientOfLinearLoss(layer, PHI, C);
        assertNearExact(EnumeratedLaw.kSubset(PHI, K), estimate, ScoreFunctionEstimatorTest::linear, true);
    }

    @Test
    void minimisingLayerEstimatesMinusCovarianceUnderMinusTheta() {
        double[] theta = {0.5, -1.0, 1.5, 0.0, 0.3};
        double[] c = {1.0, -0.5, 0.25, 2.0, -1.0};
        SolverLayer layer = topK(1,
                new ScoreFunctionEstimator(ExponentialFamily.categorical(), Baseline.leaveOneOut()))
                .optObjective(Objective.MINIMIZE)
                .optSamples(SAMPLES / 2)
                .optMarginalSamples(2)
                .optOutput(Output.MEAN)
                .build();
        double[] minusEstimate = layerGradientOfLinearLoss(layer, theta, c);
        for (int i = 0; i < minusEstimate.length; i++) {
            minusEstimate[i] = -minusEstimate[i];
        }
        double[] phi = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            phi[i] = -theta[i];
        }
        assertNearExact(EnumeratedLaw.categorical(phi), minusEstimate, z -> dot(c, z), true);
    }

    /**
     * For {@code L = Σ_rows ‖z − t‖²} over k-subsets the linearised reward {@code ⟨2(z − t), z⟩} exceeds the true
     * loss by {@code k − ‖t‖²} for every draw, which leave-one-out cancels exactly: on the same draws, the layer's
     * estimate is the one computed from the true losses.
     */
    @Test
    void linearisedRewardWithLeaveOneOutEqualsTheTrueRewardEstimate() {
        int samples = 1_000;
        SolverLayer layer = topK(K,
                new ScoreFunctionEstimator(ExponentialFamily.kSubset(K), Baseline.leaveOneOut()))
                .optSamples(samples)
                .build();
        NDArray theta = manager.create(new double[][] {PHI}).toType(DataType.FLOAT32, false);
        theta.setRequiresGradient(true);
        NDArray target = manager.create(TARGET).toType(DataType.FLOAT32, false);
        Engine.getInstance().setRandomSeed(5);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = train(layer, theta);
            collector.backward(z.sub(target).square().sum());
        }
        double[] layerEstimate = theta.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();

        Engine.getInstance().setRandomSeed(5);
        ExponentialFamily family = ExponentialFamily.kSubset(K);
        NDArray phi = theta.stopGradient();
        NDArray draws = family.sample(phi, samples);
        double[] trueEstimate = ScoreFunctionEstimator.estimate(family, phi, draws,
                rewards(draws, ScoreFunctionEstimatorTest::squaredDistance), Baseline.leaveOneOut())
                .toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < PHI.length; i++) {
            assertEquals(trueEstimate[i], layerEstimate[i], 1e-5, "coordinate " + i);
        }
        assertTrue(maxAbs(trueEstimate) > 0.05, "the compared estimates must not be trivially zero");
    }

    @Test
    void trainingDrawsFromTheFamilyAndOnlyInferenceCallsTheSolver() {
        SolverLayer layer = topK(K, new ScoreFunctionEstimator(ExponentialFamily.kSubset(K),
                Baseline.none())).optSamples(4).build();
        NDArray theta = manager.create(new float[][] {{0.3f, 2f, -1f, 1f, 0f, 1.5f}});
        theta.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = train(layer, theta);
            assertEquals(new Shape(4, 6), z.getShape());
            assertEquals(4 * K, z.sum().getFloat());
            collector.backward(z.sum());
        }
        assertEquals(0, layer.getSolver().calls());
        NDArray mode = layer.forward(new ParameterStore(manager, false), new NDList(theta), false).singletonOrThrow();
        assertEquals(1, layer.getSolver().calls());
        assertEquals(manager.create(new float[][] {{0, 1, 0, 1, 0, 1}}), mode);
    }

    @Test
    void matrixThetaIsRejectedNamingTheLayer() {
        SolverLayer layer = topK(K, new ScoreFunctionEstimator(ExponentialFamily.kSubset(K),
                Baseline.none())).build();
        NDArray theta = manager.zeros(new Shape(2, 3, 4));
        IllegalArgumentException error;
        try (GradientCollector collector = ImleGradientCollector.open()) {
            error = assertThrows(IllegalArgumentException.class, () -> train(layer, theta));
        }
        assertEquals(layer.getIdentity().describe() + ": the score-function estimator draws vectors from the "
                + "k-subset(k=3) family, so θ must have shape [B, n], but has shape (2, 3, 4); flatten θ's event axes "
                + "before the layer", error.getMessage());
    }

    @Test
    void leaveOneOutWithOneDrawPerExampleFailsInTheForwardPass() {
        SolverLayer layer = topK(K, new ScoreFunctionEstimator(ExponentialFamily.kSubset(K),
                Baseline.leaveOneOut())).build();
        NDArray theta = manager.zeros(new Shape(2, 6));
        IllegalArgumentException error;
        try (GradientCollector collector = ImleGradientCollector.open()) {
            error = assertThrows(IllegalArgumentException.class, () -> train(layer, theta));
        }
        assertEquals(layer.getIdentity().describe() + ": the leave-one-out baseline needs at least 2 draws per "
                + "example, but the layer draws S·M = 1; raise optSamples", error.getMessage());
    }

    /**
     * With leave-one-out the mean baseline is the mean reward, whose standard error is σ/√S for σ the standard
     * deviation of f under p. The reported spread is the sample standard deviation s, whose standard error is about
     * {@code √((m₄ − σ⁴)/S) / (2σ)} (delta method on the sample variance, m₄ the fourth central moment).
     */
    @Test
    void reportsTheMeanBaselineAndTheSpreadOfRewards() {
        int samples = 50_000;
        SolverLayer layer = topK(K, new ScoreFunctionEstimator(ExponentialFamily.kSubset(K),
                Baseline.leaveOneOut())).optSamples(samples).optOutput(Output.MEAN).build();
        Metrics metrics = new Metrics();
        NDArray theta = manager.create(new double[][] {PHI}).toType(DataType.FLOAT32, false);
        theta.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.wrap(Engine.getInstance().newGradientCollector(),
                metrics)) {
            NDArray z = train(layer, theta);
            collector.backward(z.mul(manager.create(C).toType(DataType.FLOAT32, false)).sum());
        }
        EnumeratedLaw law = EnumeratedLaw.kSubset(PHI, K);
        double mean = law.expectation(ScoreFunctionEstimatorTest::linear);
        double variance = law.expectation(z -> Math.pow(linear(z) - mean, 2));
        double fourthMoment = law.expectation(z -> Math.pow(linear(z) - mean, 4));
        double sigma = Math.sqrt(variance);
        assertEquals(mean, metrics.latestMetric("TestLayer.baseline").getValue(), 5 * sigma / Math.sqrt(samples));
        assertEquals(sigma, metrics.latestMetric("TestLayer.rewardStd").getValue(),
                5 * Math.sqrt((fourthMoment - variance * variance) / samples) / (2 * sigma));
    }

    private void assertStaticEstimateIsExact(Baseline baseline, ToDoubleFunction<double[]> f, boolean leaveOneOut) {
        ExponentialFamily family = ExponentialFamily.kSubset(K);
        NDArray phi = manager.create(new double[][] {PHI});
        NDArray samples = family.sample(phi, SAMPLES);
        double[] estimate = ScoreFunctionEstimator.estimate(family, phi, samples, rewards(samples, f), baseline)
                .toDoubleArray();
        assertNearExact(EnumeratedLaw.kSubset(PHI, K), estimate, f, leaveOneOut);
    }

    /** Asserts the bound of the class comment, and that the exact gradient stands well above it. */
    private static void assertNearExact(EnumeratedLaw law, double[] estimate, ToDoubleFunction<double[]> f,
            boolean leaveOneOut) {
        double[] exact = law.gradientOfExpectation(f);
        double[] mu = law.marginals();
        double[] range = law.range(f);
        double bound = leaveOneOut ? range[1] - range[0] : Math.max(range[1], 0) - Math.min(range[0], 0);
        double largest = 0;
        for (int i = 0; i < exact.length; i++) {
            double tolerance = 5 * bound * Math.sqrt(mu[i] * (1 - mu[i]) / SAMPLES);
            assertEquals(exact[i], estimate[i], tolerance, "coordinate " + i);
            largest = Math.max(largest, Math.abs(exact[i]) / tolerance);
        }
        assertTrue(largest > 8, "the exact gradient must stand well above the tolerance, but its largest ratio is "
                + largest);
    }

    /** dL/dθ for {@code L = ⟨c, layer(θ)⟩}, one example, through the deferred backward. */
    private double[] layerGradientOfLinearLoss(SolverLayer layer, double[] theta, double[] c) {
        NDArray thetaArray = manager.create(new double[][] {theta}).toType(DataType.FLOAT32, false);
        thetaArray.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = train(layer, thetaArray);
            collector.backward(z.mul(manager.create(c).toType(DataType.FLOAT32, false)).sum());
        }
        return thetaArray.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /**
     * A layer whose solver, the top-k indicator (a maximiser), runs only at inference, which no minimising test
     * reaches.
     */
    private static TestLayer.Imle topK(int k, ScoreFunctionEstimator estimator) {
        return TestLayer.trainedBy(estimator, TestSolvers.topK(k))
                .optStructure(k == 1 ? Structure.ONE_HOT : Structure.K_SUBSET);
    }

    private NDArray train(SolverLayer layer, NDArray theta) {
        return layer.forward(new ParameterStore(manager, false), new NDList(theta), true).singletonOrThrow();
    }

    /** f of each draw of {@code [B, S, n]}, computed on the host: {@code [B, S]}. */
    private NDArray rewards(NDArray samples, ToDoubleFunction<double[]> f) {
        Shape shape = samples.getShape();
        int n = Math.toIntExact(shape.get(2));
        double[] draws = samples.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] rewards = new double[draws.length / n];
        double[] z = new double[n];
        for (int s = 0; s < rewards.length; s++) {
            System.arraycopy(draws, s * n, z, 0, n);
            rewards[s] = f.applyAsDouble(z);
        }
        return manager.create(rewards, shape.slice(0, 2)).toType(samples.getDataType(), false);
    }

    private static double linear(double[] z) {
        return dot(C, z);
    }

    private static double squaredDistance(double[] z) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += (z[i] - TARGET[i]) * (z[i] - TARGET[i]);
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}

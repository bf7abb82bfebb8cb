package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.estimator.ClosedForms.dot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.exact.KSubsets;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The self-critical baseline {@code b = f(MAP(φ))} and the trainable constant baseline (the moving average) of the
 * score-function estimator, on top-k of n = 6 with k = 3, against the exact law enumerated by {@link KSubsets} and
 * {@link EnumeratedLaw}.
 *
 * <p>Each example of a batch of N copies of φ draws one sample, so that row r of the estimate is the single-draw
 * term {@code (f(z_r) − b)·(z_r − μ)}: the rows are independent, and their sample mean and standard deviation give the
 * estimate and its standard error.
 */
class ScoreFunctionBaselinesTest extends ManagedTest {
    private static final int DRAWS = 100_000;
    private static final double[] PHI = {0.8, -0.4, 0.3, 1.1, -1.0, 0.0};
    private static final double[] TARGET = {0.9, 0.1, 0.6, 0.2, 0.7, 0.4};
    private static final double[] C = {1.5, -1.0, 0.5, -2.0, 2.0, 0.0};
    /** The top-3 of {@link #PHI}: items 3, 0 and 2. */
    private static final double[] MODE = {1, 0, 1, 1, 0, 0};
    private static final int K = 3;

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(20170721);
    }

    @Test
    void selfCriticalAnswersTheRewardOfTheModeAndNeedsIt() {
        NDArray phi = manager.zeros(new Shape(2, 3));
        NDArray rewards = manager.create(new double[][] {{1, 2}, {3, 4}});
        NDArray mapRewards = manager.create(new double[][] {{0.5}, {-7}});
        assertArrayEquals(new double[] {0.5, -7},
                Baseline.selfCritical().baselines(phi, rewards, () -> mapRewards).toDoubleArray());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Baseline.selfCritical().baselines(phi, rewards));
        assertEquals("the self-critical baseline needs the reward of MAP(φ), which the caller did not give: pass it to "
                + "ScoreFunctionEstimator.estimate(family, φ, samples, rewards, mapRewards, baseline)",
                missing.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Baseline.selfCritical().baselines(phi, rewards, () -> mapRewards.flatten()));
        assertEquals("the self-critical baseline needs the reward of MAP(φ) as [B, S] = (2, 2) or [B, 1], but got (2)",
                shape.getMessage());
    }

    /**
     * b = f(MAP(φ)) does not depend on the draw, so the estimate is unbiased for the enumerated
     * {@code ∇_φ E_p‖z − t‖²}: each coordinate is within five of its own standard errors.
     */
    @Test
    void selfCriticalEstimateOfTheTrueLossIsUnbiased() {
        KSubsets subsets = KSubsets.of(PHI.length, K);
        double[] exact = subsets.gradientOfExpectation(PHI, subsets.squaredDistances(TARGET));
        double[][] terms = singleDrawTerms(Baseline.selfCritical(), ScoreFunctionBaselinesTest::squaredDistance);
        double largest = 0;
        for (int i = 0; i < PHI.length; i++) {
            double standardError = standardDeviation(terms, i) / Math.sqrt(DRAWS);
            assertEquals(exact[i], mean(terms, i), 5 * standardError, "coordinate " + i);
            largest = Math.max(largest, Math.abs(exact[i]) / (5 * standardError));
        }
        assertTrue(largest > 4, "the exact gradient must stand well above the tolerance, but its largest ratio is "
                + largest);
    }

    /**
     * For a b that does not depend on the draw, coordinate i of a single-draw term has variance
     * {@code E[(f − b)²·s_i²] − g_i²} with {@code s_i = z_i − μ_i}; against b = 0 it changes by
     * {@code b·E[s_i²]·(b − 2·f̄_i)}, where {@code f̄_i = E[f·s_i²] / E[s_i²]} is a weighted mean of f, so at least
     * min f. With {@code f = 10 + ⟨c, z⟩} every reward lies in [7, 14] ⊂ [m, 2m] for m = 7, and
     * {@code 0 < b = f(MAP) ≤ 14 ≤ 2·f̄_i}: the self-critical baseline must lower the variance of every coordinate.
     * The exact variances say so, and so do the sample variances of the same draws.
     */
    @Test
    void selfCriticalLowersTheVarianceOfOffsetRewards() {
        ToDoubleFunction<double[]> offset = z -> 10 + dot(C, z);
        EnumeratedLaw law = EnumeratedLaw.kSubset(PHI, K);
        double[] range = law.range(offset);
        assertTrue(range[0] > 0 && range[1] <= 2 * range[0], "rewards in [" + range[0] + ", " + range[1] + "]");
        double b = offset.applyAsDouble(MODE);
        double[] mu = law.marginals();
        double[] gradient = law.gradientOfExpectation(offset);

        Engine.getInstance().setRandomSeed(3);
        double[][] none = singleDrawTerms(Baseline.none(), offset);
        Engine.getInstance().setRandomSeed(3);
        double[][] selfCritical = singleDrawTerms(Baseline.selfCritical(), offset);
        for (int i = 0; i < PHI.length; i++) {
            int item = i;
            double withoutBaseline = law.expectation(z -> Math.pow(offset.applyAsDouble(z) * (z[item] - mu[item]), 2))
                    - gradient[i] * gradient[i];
            double withBaseline = law.expectation(z -> Math.pow((offset.applyAsDouble(z) - b) * (z[item] - mu[item]), 2))
                    - gradient[i] * gradient[i];
            assertTrue(withBaseline < withoutBaseline, "exact variance of coordinate " + i + ": " + withBaseline
                    + " against " + withoutBaseline);
            double sampleWith = Math.pow(standardDeviation(selfCritical, i), 2);
            double sampleWithout = Math.pow(standardDeviation(none, i), 2);
            assertTrue(sampleWith < sampleWithout, "sample variance of coordinate " + i + ": " + sampleWith
                    + " against " + sampleWithout);
        }
    }

    /**
     * Through a layer, with a reward that computes the true loss {@code ‖z − t‖²} of each draw: the reported baseline is
     * {@code ‖MAP(θ) − t‖²} to float precision, the solver runs exactly once while training (the noiseless MAP), and
     * the layer's estimate is the one computed from the same draws and that baseline.
     */
    @Test
    void layerBaselineIsTheTrueLossOfTheModeAtTheCostOfOneSolverCall() {
        int samples = 64;
        NDArray target = manager.create(TARGET).toType(DataType.FLOAT32, false);
        ScoreFunctionEstimator.Reward trueLoss = (draws, outputGradient) -> draws.sub(target).square()
                .sum(new int[] {3});
        SolverLayer layer = TestLayer.trainedBy(new ScoreFunctionEstimator(ExponentialFamily.kSubset(K),
                Baseline.selfCritical(), trueLoss), TestSolvers.topK(K))
                .optStructure(Structure.K_SUBSET).optSamples(samples).build();
        NDArray theta = manager.create(new double[][] {PHI}).toType(DataType.FLOAT32, false);
        theta.setRequiresGradient(true);
        Metrics metrics = new Metrics();
        Engine.getInstance().setRandomSeed(11);
        try (GradientCollector collector = ImleGradientCollector.wrap(Engine.getInstance().newGradientCollector(),
                metrics)) {
            NDArray z = layer.forward(new ParameterStore(manager, false), new NDList(theta), true).singletonOrThrow();
            collector.backward(z.sub(target).square().sum());
        }
        double modeLoss = squaredDistance(MODE);
        assertEquals(modeLoss, metrics.latestMetric("TestLayer.baseline").getValue(), 1e-6);
        assertEquals(1, layer.getSolver().calls());
        double[] layerEstimate = theta.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();

        Engine.getInstance().setRandomSeed(11);
        ExponentialFamily family = ExponentialFamily.kSubset(K);
        NDArray phi = theta.stopGradient();
        NDArray draws = family.sample(phi, samples);
        NDArray rewards = draws.sub(target).square().sum(new int[] {2});
        double[] expected = ScoreFunctionEstimator.estimate(family, phi, draws, rewards,
                manager.create(new float[][] {{(float) modeLoss}}), Baseline.selfCritical())
                .toType(DataType.FLOAT64, false).toDoubleArray();
        assertArrayEquals(expected, layerEstimate, 1e-5);
        assertTrue(Math.abs(expected[0]) + Math.abs(expected[3]) > 0.01, "the compared estimates must not be zero");
    }

    @Test
    void theStaticEstimateRejectsMapRewardsOfTheWrongShape() {
        NDArray phi = manager.create(new double[][] {PHI});
        NDArray draws = ExponentialFamily.kSubset(K).sample(phi, 4);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ScoreFunctionEstimator.estimate(ExponentialFamily.kSubset(K), phi, draws,
                        manager.zeros(new Shape(1, 4)), manager.zeros(new Shape(1, 4)), Baseline.selfCritical()));
        assertEquals("the score-function estimate takes the rewards of MAP(φ) as [B, 1] = (1, 1), but got (1, 4)",
                error.getMessage());
    }

    /**
     * The trainable constant baseline is the moving average: one double of state per layer (each layer's factory
     * call builds its own), trained by the rewards of that layer alone. On a fixed θ with {@code L = Σ_s ⟨w, z_s⟩},
     * {@code w = c + 1} (so that {@code E[f]} is about 3 rather than near 0),
     * after T uses {@code b_T = Σ_j (1 − d)·d^{T−j}·f̄_j} has mean {@code (1 − d^T)·E[f]} and variance
     * {@code (1 − d)/(1 + d)·(1 − d^{2T})·Var(f)/S}; the tolerance is five standard deviations.
     */
    @Test
    void movingAverageIsOneTrainableScalarPerLayerThatConvergesToTheMeanReward() throws IOException {
        double decay = 0.9;
        int samples = 100;
        int steps = 200;
        Supplier<GradientEstimator> factory = () -> Estimators.scoreFunction(ExponentialFamily.kSubset(K),
                Baseline.movingAverage(decay));
        TestLayer trained = constantBaselineLayer(factory, samples);
        TestLayer untouched = constantBaselineLayer(factory, samples);
        assertNotSame(trained.getEstimator(), untouched.getEstimator());

        double[] w = Arrays.stream(C).map(c -> c + 1).toArray();
        for (int step = 0; step < steps; step++) {
            trained.step(new double[][] {PHI}, new double[][] {w});
        }
        EnumeratedLaw law = EnumeratedLaw.kSubset(PHI, K);
        ToDoubleFunction<double[]> linear = z -> dot(w, z);
        double mean = law.expectation(linear);
        double variance = law.expectation(z -> Math.pow(linear.applyAsDouble(z) - mean, 2));
        double sd = Math.sqrt((1 - decay) / (1 + decay) * (1 - Math.pow(decay, 2 * steps)) * variance / samples);
        assertEquals((1 - Math.pow(decay, steps)) * mean, singleScalarState(trained), 5 * sd);
        assertTrue(Math.abs(mean) > 10 * sd, "the mean reward " + mean + " must stand above the tolerance");
        assertEquals(0, singleScalarState(untouched));
    }

    private static TestLayer constantBaselineLayer(Supplier<GradientEstimator> factory, int samples) {
        return TestLayer.imle(TestSolvers.topK(K)).optEstimator(factory).optStructure(Structure.K_SUBSET)
                .optSamples(samples).build();
    }

    /** The layer's estimator state, asserting that it is exactly one double. */
    private static double singleScalarState(SolverLayer layer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        layer.getEstimator().saveState(new DataOutputStream(bytes));
        assertEquals(Double.BYTES, bytes.size(), "the constant baseline's state is one double");
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())).readDouble();
    }

    /**
     * The single-draw terms {@code (f(z_r) − b_r)·(z_r − μ)} of {@link #DRAWS} examples, each φ with one draw,
     * {@code b_r} the baseline given {@code f(MAP(φ))}.
     */
    private double[][] singleDrawTerms(Baseline baseline, ToDoubleFunction<double[]> f) {
        ExponentialFamily family = ExponentialFamily.kSubset(K);
        NDArray phi = manager.create(new double[][] {PHI}).repeat(0, DRAWS);
        NDArray draws = family.sample(phi, 1);
        double[] host = draws.toDoubleArray();
        double[] rewards = new double[DRAWS];
        double[] z = new double[PHI.length];
        for (int r = 0; r < DRAWS; r++) {
            System.arraycopy(host, r * PHI.length, z, 0, PHI.length);
            rewards[r] = f.applyAsDouble(z);
        }
        double[] modeRewards = new double[DRAWS];
        Arrays.fill(modeRewards, f.applyAsDouble(MODE));
        NDArray mapRewards = manager.create(modeRewards, new Shape(DRAWS, 1));
        double[] flat = ScoreFunctionEstimator.estimate(family, phi, draws,
                manager.create(rewards, new Shape(DRAWS, 1)), mapRewards, baseline).toDoubleArray();
        double[][] terms = new double[DRAWS][];
        for (int r = 0; r < DRAWS; r++) {
            terms[r] = Arrays.copyOfRange(flat, r * PHI.length, (r + 1) * PHI.length);
        }
        return terms;
    }

    private static double mean(double[][] terms, int coordinate) {
        double sum = 0;
        for (double[] term : terms) {
            sum += term[coordinate];
        }
        return sum / terms.length;
    }

    private static double standardDeviation(double[][] terms, int coordinate) {
        double mean = mean(terms, coordinate);
        double sum = 0;
        for (double[] term : terms) {
            sum += Math.pow(term[coordinate] - mean, 2);
        }
        return Math.sqrt(sum / (terms.length - 1));
    }

    private static double squaredDistance(double[] z) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += (z[i] - TARGET[i]) * (z[i] - TARGET[i]);
        }
        return sum;
    }
}

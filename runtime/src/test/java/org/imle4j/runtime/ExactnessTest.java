package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.exact.PlackettLuceTopK;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * I-MLE estimates against quantities computed exactly, by formula or enumeration, independently of the estimator.
 *
 * <p>With Gumbel noise, the top-k of θ + ε is the first k items of a Plackett–Luce draw without replacement from
 * softmax(θ), so {@code E[MAP(θ + ε)]} is computable exactly: for k = 1 it is softmax(θ), for top-5 of 10 a sum over
 * the 252 subsets. A per-coordinate finite difference {@code d_i} lies in [−1, 1] and is non-zero only if item i is
 * in one of the two solutions, so the mean of S draws of {@code d_i / (cλ)} has standard error at most
 * {@code √((μ_i + μ'_i) / S) / (cλ)}, μ and μ' being the marginals of the two solves; tolerances are five of those.
 */
class ExactnessTest {
    private static final int SAMPLES = 100_000;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(20211206);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void centralDifferenceWithGumbelArgmaxMatchesSoftmaxJacobian() {
        double[] theta = {0.5, -1.0, 1.5, 0.0, 0.3};
        double[] c = {1.0, -0.5, 0.25, 2.0, -1.0};
        double lambda = 0.25;
        TestLayer layer = TestLayer.imle(TestSolvers.argmax())
                .optNoise(Noise.GUMBEL)
                .optDifference(Difference.CENTRAL)
                .optLambda(lambda)
                .optSamples(SAMPLES)
                .optOutput(Output.MEAN)
                .build();
        double[] estimate = estimate(layer, theta, c);

        double[] p = softmax(theta);
        double[] jacobianTimesC = new double[theta.length];
        double pc = dot(p, c);
        for (int i = 0; i < theta.length; i++) {
            jacobianTimesC[i] = p[i] * (c[i] - pc);
        }
        assertTrue(cosine(estimate, jacobianTimesC) >= 0.99,
                () -> "cosine " + cosine(estimate, jacobianTimesC));

        double[] plus = softmax(shift(theta, c, lambda));
        double[] minus = softmax(shift(theta, c, -lambda));
        for (int i = 0; i < theta.length; i++) {
            double expected = (plus[i] - minus[i]) / (2 * lambda);
            double tolerance = 5 * Math.sqrt((plus[i] + minus[i]) / SAMPLES) / (2 * lambda);
            assertEquals(expected, estimate[i], tolerance, "coordinate " + i);
        }
    }

    @Test
    void forwardDifferenceOnTopFiveOfTenMatchesPlackettLuceEnumeration() {
        double[] theta = {1.2, -0.3, 0.8, 0.1, -1.5, 2.0, 0.4, -0.7, 0.0, 1.0};
        double[] c = {-1.0, 0.5, 0.0, 2.0, -0.5, 1.0, -2.0, 0.3, 0.7, -0.2};
        double lambda = 1.0;
        TestLayer layer = TestLayer.imle(TestSolvers.topK(5))
                .optNoise(Noise.GUMBEL)
                .optLambda(lambda)
                .optSamples(SAMPLES)
                .optOutput(Output.MEAN)
                .build();
        double[] estimate = estimate(layer, theta, c);

        double[] mu = PlackettLuceTopK.marginals(theta, 5);
        double[] target = PlackettLuceTopK.marginals(shift(theta, c, -lambda), 5);
        double largest = 0;
        for (int i = 0; i < theta.length; i++) {
            double expected = (mu[i] - target[i]) / lambda;
            double tolerance = 5 * Math.sqrt((mu[i] + target[i]) / SAMPLES) / lambda;
            assertEquals(expected, estimate[i], tolerance, "coordinate " + i);
            largest = Math.max(largest, Math.abs(expected) / tolerance);
        }
        assertTrue(largest > 10, "the expected gradient must stand well above the tolerance");
    }

    /** dL/dθ for L = ⟨c, layer(θ)⟩, one example. */
    private double[] estimate(TestLayer layer, double[] theta, double[] c) {
        NDArray thetaArray = manager.create(theta).toType(DataType.FLOAT32, false).reshape(1, theta.length);
        thetaArray.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(layer, thetaArray);
            NDArray cArray = manager.create(c).toType(DataType.FLOAT32, false).reshape(1, c.length);
            collector.backward(z.mul(cArray).sum());
        }
        return thetaArray.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double[] shift(double[] theta, double[] c, double step) {
        double[] shifted = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            shifted[i] = theta[i] + step * c[i];
        }
        return shifted;
    }

    static double[] softmax(double[] theta) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double sum = 0;
        double[] p = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            p[i] = Math.exp(theta[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < theta.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double cosine(double[] a, double[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }
}

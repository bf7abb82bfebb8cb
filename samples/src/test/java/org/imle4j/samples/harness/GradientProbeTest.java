package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.Estimators;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The probe's estimates on noiseless layers, the score-function estimate, and its references in closed form. */
class GradientProbeTest {
    private static final double[] THETA = {2, 1, 0, -1};
    private static final double[] B = {0, 1, 1, 0};

    @Test
    void imleWithoutNoiseIsTheDifferenceOfTheTwoSolutionsOverLambda() {
        try (GradientProbe probe = new GradientProbe(4, 2)) {
            // z = top-2(θ) = (1, 1, 0, 0), dL/dz = 2(z − b) = (2, 0, −2, 0), θ − λ·dL/dz = (0, 1, 2, −1) for λ = 1,
            // whose top-2 is (0, 1, 1, 0): the estimate is (z − z′)/λ, the same for each of the three samples.
            double[] gradient = probe.gradient(probe.layer(3, Noise.NONE).optEstimator(() -> Estimators.imle(1)).build(),
                    THETA, B);
            assertArrayEquals(new double[] {1, 0, -1, 0}, gradient, 1e-6);
            // Warm-up passes change nothing for a stateless estimator.
            assertArrayEquals(gradient, probe.gradient(probe.layer(3, Noise.NONE).optEstimator(() -> Estimators.imle(1))
                    .build(), THETA, B, 4), 1e-6);
        }
    }

    @Test
    void warmUpPassesLetAdaptiveImleGrowItsLambda() {
        double[] theta = {1, 0.1, 0, -1};
        try (GradientProbe probe = new GradientProbe(4, 2)) {
            // From β = 0, λ = β·‖θ‖/‖dL/dz‖ = 0.5β: the estimate is 0 until λ > 0.05 lets item 2 (score 2λ) pass
            // item 1 (0.1) in θ − λ·(2, 0, −2, 0). A target of 4 non-zero entries, more than top-2 of 4 can differ
            // in, keeps β growing by 1e-3 per pass: 200 passes reach β ≈ 0.2, λ ≈ 0.1.
            Supplier<SolverLayer> layer = () -> probe.layer(1, Noise.NONE)
                    .optEstimator(() -> Estimators.aimle(0.0, 1e-3, 4.0)).build();
            assertArrayEquals(new double[4], probe.gradient(layer.get(), theta, B, 0), 0);
            double[] warmed = probe.gradient(layer.get(), theta, B, 200);
            assertEquals(1, GradientProbe.cosine(warmed, new double[] {0, 1, -1, 0}), 1e-6);
        }
    }

    @Test
    void straightThroughWithoutNoiseIsTheLossGradientAtTheSolution() {
        try (GradientProbe probe = new GradientProbe(4, 2)) {
            double[] gradient = probe.gradient(probe.layer(2, Noise.NONE).optEstimator(Estimators::ste).build(),
                    THETA, B);
            assertArrayEquals(new double[] {2, 0, -2, 0}, gradient, 1e-6);
        }
    }

    @Test
    void scoreFunctionWithExactDrawsIsUnbiased() {
        Engine.getInstance().setRandomSeed(5);
        int samples = 20_000;
        try (GradientProbe probe = new GradientProbe(4, 2)) {
            double[] estimate = probe.scoreFunctionGradient(Baseline.leaveOneOut(), THETA, B, samples, 0);
            double[] exact = probe.exactGradient(THETA, B);
            // Each term (f(z) − baseline)·(z_i − μ_i) lies within ± the loss's range over subsets (4 here: from 0 to
            // 4), so the mean of S has a standard error of at most 4/√S; five of those.
            double tolerance = 5 * 4 / Math.sqrt(samples);
            assertArrayEquals(exact, estimate, tolerance);
            assertTrue(GradientProbe.cosine(estimate, exact) > 0.99);
        }
    }

    @Test
    void referencesOfOneItemAreTheSoftmaxClosedForms() {
        double[] theta = {0.3, -0.5, 1.1};
        double[] b = {0.9, 0.2, 0.4};
        double[] p = new double[3];
        double total = 0;
        for (int i = 0; i < 3; i++) {
            p[i] = Math.exp(theta[i]);
            total += p[i];
        }
        double[] loss = new double[3];
        double expected = 0;
        double bb = b[0] * b[0] + b[1] * b[1] + b[2] * b[2];
        for (int i = 0; i < 3; i++) {
            p[i] /= total;
            loss[i] = bb + 1 - 2 * b[i];
            expected += p[i] * loss[i];
        }
        double[] gradient = new double[3];
        for (int i = 0; i < 3; i++) {
            // ∂/∂θ_i Σ_j p_j L_j = p_i (L_i − E[L])
            gradient[i] = p[i] * (loss[i] - expected);
        }
        try (GradientProbe probe = new GradientProbe(3, 1)) {
            assertArrayEquals(gradient, probe.exactGradient(theta, b), 1e-15);
            // The top-1 of θ + Gumbel noise is an exact draw from softmax(θ).
            assertArrayEquals(gradient, probe.plackettLuceGradient(theta, b), 1e-15);
            double best = Math.min(loss[0], Math.min(loss[1], loss[2]));
            assertEquals(expected - best, probe.expectedGap(theta, b), 1e-15);
            // top-1(θ) is item 2, whose loss is 2·(0.9 − 0.4) = 1 above item 0's.
            assertEquals(loss[2] - best, probe.mapGap(theta, b), 1e-15);
        }
    }

    @Test
    void mapGapTakesTheLowerIndexAmongEqualScores() {
        try (GradientProbe probe = new GradientProbe(4, 2)) {
            // top-2 of equal scores is (1, 1, 0, 0), at ‖z − b‖² = 4 above the best, (0, 0, 1, 1) at 0.
            assertEquals(4, probe.mapGap(new double[4], new double[] {0, 0, 1, 1}), 1e-15);
            assertEquals(0, probe.mapGap(new double[4], new double[] {1, 1, 0, 0}), 1e-15);
        }
    }

    @Test
    void cosineIsZeroForAnAllZeroEstimate() {
        assertEquals(1, GradientProbe.cosine(new double[] {1, 2}, new double[] {2, 4}), 1e-15);
        assertEquals(-1, GradientProbe.cosine(new double[] {1, 2}, new double[] {-1, -2}), 1e-15);
        assertEquals(0, GradientProbe.cosine(new double[] {1, 0}, new double[] {0, 3}), 0);
        assertEquals(0, GradientProbe.cosine(new double[2], new double[] {0, 3}), 0);
    }

    @Command(name = "synthetic")
    static final class SyntheticCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        TopKOptions topK = new TopKOptions(10, 5, Noise.GUMBEL);

        @Override
        public Integer call() {
            topK.openProbe(common).close();
            return 0;
        }
    }

    @Test
    void topKOptionsRejectKOutsideOneToNAndTooManySubsetsForAProbe() {
        for (String[] args : new String[][] {{"--k", "0"}, {"--n", "4", "--k", "5"}, {"--n", "30", "--k", "15"}}) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = new CommandLine(new SyntheticCommand()).setErr(new PrintWriter(err, true));
            assertEquals(2, commandLine.execute(args), err.toString());
            assertTrue(err.toString().contains("--k must be "), err.toString());
        }
        assertEquals(0, new CommandLine(new SyntheticCommand()).execute("--n", "4", "--k", "4"));
    }
}

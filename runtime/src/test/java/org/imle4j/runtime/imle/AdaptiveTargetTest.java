package org.imle4j.runtime.imle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.internal.Finiteness;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/** λ and the β controller of adaptive I-MLE against hand computations. */
class AdaptiveTargetTest extends ManagedTest {
    private static AdaptiveTarget target(double beta, boolean perInstance) {
        return new AdaptiveTarget(1.0, beta, 0.1, 0.5, 0.5, 0.0, 1.0, perInstance);
    }

    @Test
    void lambdaIsBetaTimesNormRatioWhetherTheGradientIsSharedOrPerSample() {
        NDArray theta = manager.create(new float[] {3, 4}).reshape(1, 2);
        NDArray shared = manager.create(new float[] {0, 2}).reshape(1, 1, 2);
        NDArray perSample = manager.create(new float[] {0, 2, 0, 2}).reshape(1, 2, 2);
        // ‖θ‖ = 5, ‖dL/dz‖ = 2: λ = 2·5/2 = 5 in both layouts, since the norms are over matching shapes.
        assertEquals(5.0, target(2, false).lambda(theta, shared).mean(), 1e-6);
        assertEquals(5.0, target(2, false).lambda(theta, perSample).mean(), 1e-6);
    }

    @Test
    void lambdaIsZeroWithoutGradient() {
        NDArray theta = manager.create(new float[] {3, 4}).reshape(1, 2);
        assertEquals(0.0, target(2, false).lambda(theta, manager.zeros(new Shape(1, 1, 2))).mean());
    }

    @Test
    void perInstanceLambdaUsesEachExamplesNorms() {
        NDArray theta = manager.create(new float[] {3, 4, 1, 0}).reshape(2, 2);
        NDArray gradient = manager.create(new float[] {0, 1, 0, 4}).reshape(2, 1, 2);
        NDArray lambda = ((Lambda.PerExample) target(1, true).lambda(theta, gradient)).values();
        assertArrayEquals(new long[] {2, 1}, lambda.getShape().getShape());
        assertArrayEquals(new float[] {5f, 0.25f}, lambda.toFloatArray(), 1e-6f);
    }

    @Test
    void betaFollowsTheSparsityControllerWithMomentum() {
        AdaptiveTarget target = target(1.0, false);
        // ρ = 0.5, step 0.1, μ = 0.5, target norm 1, gradNorm from 0.
        target.update(3);   // gradNorm 1.5 ≥ 1: u = −0.1, Δ = −0.1, β = 0.9
        assertEquals(1.5, target.gradNorm(), 1e-12);
        assertEquals(0.9, target.beta(), 1e-12);
        target.update(0);   // gradNorm 0.75 < 1: u = +0.1, Δ = −0.05 + 0.1 = 0.05, β = 0.95
        assertEquals(0.75, target.gradNorm(), 1e-12);
        assertEquals(0.05, target.previousDelta(), 1e-12);
        assertEquals(0.95, target.beta(), 1e-12);
    }

    /**
     * The reference implementation (torch-adaptive-imle, {@code AdaptiveTargetDistribution}) starts the moving average
     * at {@code initial_grad_norm = 1.0} and applies {@code g ← ρ·g + (1 − ρ)·r}, then {@code β ← max(β ± step, 0)}
     * with + while {@code g < target norm}. With its defaults (β₀ = 1, step 1e-4, ρ = 0.9, target norm 1, no
     * momentum) and r = 2 non-zero entries per estimate (one swap of a top-k solution): g₁ = 0.9 + 0.2 = 1.1,
     * g₂ = 0.99 + 0.2 = 1.19, both at least 1, so β falls by one step each time. From g = 0 instead, g_t =
     * 2·(1 − 0.9^t) stays below 1 up to t = 6 (0.937) and reaches it at t = 7 (1.043): β rises six steps, then falls.
     */
    @Test
    void theDefaultStartOfTheMovingAverageMovesBetaAsTheReferenceDoes() {
        AdaptiveTarget reference = assertInstanceOf(AdaptiveTarget.class, Estimators.aimle().target());
        assertEquals(1.0, reference.gradNorm());
        reference.update(2);
        assertEquals(1.1, reference.gradNorm(), 1e-12);
        assertEquals(1 - 1e-4, reference.beta(), 1e-12);
        reference.update(2);
        assertEquals(1.19, reference.gradNorm(), 1e-12);
        assertEquals(1 - 2e-4, reference.beta(), 1e-12);

        AdaptiveTarget fromZero = new AdaptiveTarget(1.0, 1.0, 1e-4, 0.0, 0.9, 0.0, 1.0, false);
        for (int t = 1; t <= 6; t++) {
            fromZero.update(2);
            assertEquals(1 + t * 1e-4, fromZero.beta(), 1e-12, "step " + t);
        }
        fromZero.update(2);
        assertEquals(2 * (1 - Math.pow(0.9, 7)), fromZero.gradNorm(), 1e-12);
        assertEquals(1 + 5e-4, fromZero.beta(), 1e-12);
    }

    @Test
    void betaNeverGoesNegative() {
        AdaptiveTarget target = new AdaptiveTarget(1.0, 0.05, 0.1, 0.0, 0.0, 1.0, 1.0, false);
        target.update(10);
        assertEquals(0.0, target.beta());
    }

    @Test
    void observeCountsNonZerosPerExampleAndSample() {
        AdaptiveTarget target = new AdaptiveTarget(1.0, 1.0, 0.1, 0.0, 0.0, 1.0, 1.0, false);
        // Two examples × two samples with 2, 0, 1, 1 non-zeros: r = 1, not below the target norm 1.
        NDArray differences = manager.create(new float[] {1, -1, 0, 0, 0, 0, 0, 1, 0.5f, 0, 0, 0}).reshape(2, 2, 3);
        target.observe(differences);
        assertEquals(1.0, target.gradNorm(), 1e-12);
        assertEquals(0.9, target.beta(), 1e-12);
    }

    @Test
    void observeCountsAlikeOnTheHostAndOnTheDevice() {
        // Float32 differences are counted on the host, small ones in one chunk, large ones in several; float64 ones
        // on the device.
        int rows = 512;
        float[] values = new float[rows * 2 * 20];
        for (int i = 0; i < values.length; i += 7) {
            values[i] = i % 2 == 0 ? 1 : -0.5f;
        }
        NDArray small = manager.create(values, new Shape(rows, 2, 20));
        NDArray large = small.tile(new long[] {4, 1, 1});
        assertTrue(small.size() <= Finiteness.HOST_ELEMENTS && large.size() > Finiteness.HOST_ELEMENTS);
        double expected = ((values.length + 6) / 7) / (double) (rows * 2);
        for (NDArray differences : new NDArray[] {small, small.toType(DataType.FLOAT64, false), large}) {
            AdaptiveTarget target = new AdaptiveTarget(1.0, 1.0, 0.1, 0.0, 0.0, 1.0, 1.0, false);
            target.observe(differences);
            assertEquals(expected, target.gradNorm(), 1e-12, differences.getDataType() + " " + differences.getShape());
        }
    }
}

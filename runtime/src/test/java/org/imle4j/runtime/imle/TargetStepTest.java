package org.imle4j.runtime.imle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/**
 * What a target and its λ do with one backward pass: α·θ, the estimate from the finite differences (divided by λ or
 * not, averaged over the samples, times the difference scheme's factor), and the state they report.
 */
class TargetStepTest extends ManagedTest {
    /** Differences of 2 examples, 2 samples and 2 event entries: their mean over the samples is [[1, 2], [0, −2]]. */
    private NDArray differences() {
        return manager.create(new float[] {2, 4, 0, 0, 1, -1, -1, -3}).reshape(2, 2, 2);
    }

    @Test
    void scalarLambdaDividesTheMeanAndTheFactor() {
        // λ = 4, factor ½: mean / 8.
        assertArrayEquals(new float[] {0.125f, 0.25f, 0, -0.25f},
                Lambda.of(4).divideMean(differences(), 0.5).toFloatArray());
    }

    @Test
    void zeroLambdaLeavesTheDifferencesUndivided() {
        assertArrayEquals(new float[] {0.5f, 1, 0, -1}, Lambda.of(0).divideMean(differences(), 0.5).toFloatArray());
    }

    @Test
    void perExampleLambdaDividesEachExampleByItsOwnAndLeavesZeroAlone() {
        NDArray lambda = manager.create(new float[] {2, 0}).reshape(2, 1);
        assertArrayEquals(new float[] {0.5f, 1, 0, -2},
                Lambda.perExample(lambda).divideMean(differences(), 1).toFloatArray());
    }

    @Test
    void fixedTargetDividesOnlyWhenItSaysSo() {
        Lambda lambda = Lambda.of(4);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0, -0.5f},
                new FixedTarget(4, 1, true).estimate(lambda, differences(), 1).toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1, 0, -1},
                new FixedTarget(4, 1, false).estimate(lambda, differences(), 0.5).toFloatArray());
    }

    @Test
    void scaledThetaIsAlphaTimesThetaAndThetaItselfForAlphaOne() {
        NDArray theta = manager.create(new float[] {2, -4});
        assertSame(theta, new FixedTarget(1, 1, true).scaled(theta));
        assertArrayEquals(new float[] {1, -2}, new FixedTarget(1, 0.5, true).scaled(theta).toFloatArray());
    }

    @Test
    void onlyTheAdaptiveTargetReportsStateAndNamesItsEstimatorAimle() {
        Map<String, Double> reported = new LinkedHashMap<>();
        AdaptiveTarget adaptive = new AdaptiveTarget(1.0, 0.75, 0.1, 0.5, 0.5, 1.0, 1.0, false);
        adaptive.reportState(reported::put);
        assertEquals(Map.of("beta", 0.75), reported);
        assertEquals("AIMLE", adaptive.estimatorName());

        reported.clear();
        FixedTarget fixed = new FixedTarget(1, 1, true);
        fixed.reportState(reported::put);
        assertEquals(Map.of(), reported);
        assertEquals("I-MLE", fixed.estimatorName());
    }
}

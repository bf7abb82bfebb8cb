package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.imle.AdaptiveTarget;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/** Every layer built from one builder has an estimator, and estimator state, of its own. */
class EstimatorFactoryTest {

    private static AdaptiveTarget target(SolverLayer layer) {
        return (AdaptiveTarget) ((ImleEstimator) layer.getEstimator()).target();
    }

    /** One β update of the first layer's target leaves the second layer's β where it started. */
    private static void assertIndependent(SolverLayer first, SolverLayer second) {
        assertNotSame(first.getEstimator(), second.getEstimator());
        double initialBeta = target(second).beta();
        target(first).update(0);
        assertTrue(target(first).beta() > initialBeta, "the update moves β of the first layer");
        assertEquals(initialBeta, target(second).beta());
        assertEquals(0, target(second).previousDelta());
    }

    @Test
    void layersBuiltFromOneBuilderWithAnEstimatorFactoryDoNotShareAdaptiveState() {
        TestLayer.Imle builder = TestLayer.imle(TestSolvers.topK(1)).optEstimator(Estimators::aimle);
        assertIndependent(builder.build(), builder.build());
    }

    @Test
    void layersBuiltFromOneAimleBuilderDoNotShareAdaptiveState() {
        TestLayer.Aimle builder = TestLayer.aimle(TestSolvers.topK(1));
        assertIndependent(builder.build(), builder.build());
    }

    @Test
    void aFactoryThatReturnsTheEstimatorOfTheLayerBuiltBeforeIsRefused() {
        GradientEstimator shared = Estimators.aimle();
        TestLayer.Imle builder = TestLayer.imle(TestSolvers.topK(1)).optEstimator(() -> shared);
        builder.build();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(refused.getMessage().startsWith(TestLayer.IDENTITY.describe() + ": the factory given to "
                + "optEstimator returned the estimator " + shared + " of the layer built before"),
                refused.getMessage());
    }

    @Test
    void aFactoryThatReturnsNullIsRefused() {
        TestLayer.Imle builder = TestLayer.imle(TestSolvers.topK(1)).optEstimator(() -> null);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(refused.getMessage().startsWith(TestLayer.IDENTITY.describe() + ": the factory given to "
                + "optEstimator returned null"), refused.getMessage());
    }
}

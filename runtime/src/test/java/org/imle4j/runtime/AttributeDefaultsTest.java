package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.ImleLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.noise.SumOfGammaNoise;
import org.imle4j.runtime.imle.AdaptiveTarget;
import org.imle4j.runtime.imle.FixedTarget;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/**
 * The attribute table {@link Attribute} is the one place of every default and range: the annotations' defaults, the
 * builders' defaults (read from a layer built with no options) and the estimator factories' agree with it, and every
 * attribute of the annotations is in it.
 */
class AttributeDefaultsTest {
    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(ImleLayer.class, AimleLayer.class);

    private static double doubleDefault(Attribute attribute) {
        return attribute.defaultValue(Double.class);
    }

    private static int intDefault(Attribute attribute) {
        return attribute.defaultValue(Integer.class);
    }

    @Test
    void everyAnnotationAttributeIsInTheTableWithItsTypeAndDefault() {
        for (Class<? extends Annotation> annotation : ANNOTATIONS) {
            for (Method element : annotation.getDeclaredMethods()) {
                String where = "@" + annotation.getSimpleName() + "." + element.getName();
                Attribute attribute = Attribute.named(element.getName())
                        .orElseThrow(() -> new AssertionError(where + " is missing from " + Attribute.class));
                assertEquals(element.getReturnType(), attribute.type(), where);
                assertEquals(element.getDefaultValue(), attribute.defaultValue(), where);
                assertTrue(attribute.annotations().contains(annotation), where + " is not listed for its annotation");
            }
        }
    }

    @Test
    void everyAttributeOfTheTableIsOnTheAnnotationsItNames() {
        for (Attribute attribute : Attribute.values()) {
            assertTrue(!attribute.annotations().isEmpty(), attribute.attributeName());
            for (Class<? extends Annotation> annotation : attribute.annotations()) {
                assertTrue(Arrays.stream(annotation.getDeclaredMethods())
                                .anyMatch(m -> m.getName().equals(attribute.attributeName())),
                        "@" + annotation.getSimpleName() + " lacks " + attribute.attributeName());
            }
        }
    }

    @Test
    void anImleLayerBuiltWithNoOptionsHasTheTableDefaults() {
        SolverLayer layer = TestLayer.imle(TestSolvers.topK(1)).build();
        assertSharedDefaults(layer);
        FixedTarget target = assertInstanceOf(FixedTarget.class,
                assertInstanceOf(ImleEstimator.class, layer.getEstimator()).target());
        assertEquals(new FixedTarget(doubleDefault(Attribute.LAMBDA), doubleDefault(Attribute.ALPHA),
                Attribute.SCALE_GRADIENT.defaultValue(Boolean.class)), target);
    }

    @Test
    void anAimleLayerBuiltWithNoOptionsHasTheTableDefaults() {
        SolverLayer layer = TestLayer.aimle(TestSolvers.topK(1)).build();
        assertSharedDefaults(layer);
        assertAimleDefaults(assertInstanceOf(AdaptiveTarget.class,
                assertInstanceOf(ImleEstimator.class, layer.getEstimator()).target()));
    }

    @Test
    void theBuildersInitialGradNormStartsTheMovingAverage() {
        SolverLayer layer = TestLayer.aimle(TestSolvers.topK(1)).optInitialGradNorm(0).build();
        AdaptiveTarget target = assertInstanceOf(AdaptiveTarget.class,
                assertInstanceOf(ImleEstimator.class, layer.getEstimator()).target());
        assertEquals(0.0, target.gradNorm());
        // From 0 with ρ = 0.9, r = 2 gives 0.2, below the target norm 1: β rises, where the default start lowers it.
        target.update(2);
        assertEquals(0.2, target.gradNorm(), 1e-12);
        assertTrue(target.beta() > doubleDefault(Attribute.INITIAL_BETA));
    }

    @Test
    void theAdaptiveFactoryHasTheTableDefaults() {
        assertAimleDefaults(assertInstanceOf(AdaptiveTarget.class, Estimators.aimle().target()));
    }

    /**
     * Reads the adaptive target's settings from its updates: from gradNorm = g₀, one update with r = half the target
     * norm gives {@code gradNorm = ρ·g₀ + (1 − ρ)·r} (0.95 with the defaults g₀ = target norm = 1, ρ = 0.9, below the
     * target norm) and {@code β = β₀ + step}; a second with r = 0 keeps gradNorm below it, so {@code Δ = μ·step +
     * step}.
     */
    private static void assertAimleDefaults(AdaptiveTarget target) {
        double initialBeta = doubleDefault(Attribute.INITIAL_BETA);
        double step = doubleDefault(Attribute.BETA_UPDATE_STEP);
        double decay = doubleDefault(Attribute.GRAD_NORM_DECAY);
        double momentum = doubleDefault(Attribute.BETA_UPDATE_MOMENTUM);
        double targetNorm = doubleDefault(Attribute.TARGET_NORM);
        double initialGradNorm = doubleDefault(Attribute.INITIAL_GRAD_NORM);
        assertEquals(doubleDefault(Attribute.INITIAL_ALPHA), target.alpha());
        assertEquals(initialBeta, target.beta());
        assertEquals(initialGradNorm, target.gradNorm());
        assertTrue(target.toString().contains("target norm " + targetNorm), target.toString());
        double r = 0.5 * targetNorm;
        target.update(r);
        double gradNorm = decay * initialGradNorm + (1 - decay) * r;
        assertTrue(gradNorm < targetNorm, "the derivation needs the first average below the target norm");
        assertEquals(gradNorm, target.gradNorm(), 1e-12);
        assertEquals(initialBeta + step, target.beta(), 1e-12);
        target.update(0);
        assertEquals(momentum * step + step, target.previousDelta(), 1e-12);
    }

    private static void assertSharedDefaults(SolverLayer layer) {
        PerturbationSettings settings = layer.getSettings();
        assertEquals(intDefault(Attribute.SAMPLES), settings.samples());
        assertEquals(intDefault(Attribute.MARGINAL_SAMPLES), settings.marginalSamples());
        assertEquals(doubleDefault(Attribute.NOISE_TEMPERATURE), settings.noiseTemperature());
        assertEquals(doubleDefault(Attribute.TARGET_NOISE_TEMPERATURE), settings.targetNoiseTemperature());
        assertEquals(Attribute.DIFFERENCE.defaultValue(Difference.class), settings.difference());
        assertEquals(Attribute.OBJECTIVE.defaultValue(Objective.class), settings.objective());
        assertEquals(Attribute.OUTPUT.defaultValue(Output.class), settings.output());
        assertEquals(Attribute.STRUCTURE.defaultValue(Structure.class), layer.getSolutionDomain().structure());
        assertEquals(Noise.SUM_OF_GAMMA, Attribute.NOISE.defaultValue(Noise.class));
        assertEquals(new SumOfGammaNoise(doubleDefault(Attribute.SUM_OF_GAMMA_K),
                intDefault(Attribute.SUM_OF_GAMMA_ITERATIONS)).toString(), settings.noise().toString());
    }

    @Test
    void aValueOutOfRangeIsRefusedWithTheSameWordsByBuilderAndConstructor() {
        IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
                () -> TestLayer.aimle(TestSolvers.topK(1)).optGradNormDecay(1.0).build());
        IllegalArgumentException constructed = assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveTarget(1, 1, 1e-4, 0, 1.0, 1, 1, false));
        String expected = "gradNormDecay must be in [0, 1), but was 1.0";
        assertEquals(expected, constructed.getMessage());
        assertEquals(TestLayer.IDENTITY.describe() + ": " + expected, built.getMessage());
        assertEquals("targetNorm must be non-negative and finite, but was -1.0",
                assertThrows(IllegalArgumentException.class, () -> Estimators.aimle(1, 1e-4, -1)).getMessage());
        assertEquals(TestLayer.IDENTITY.describe() + ": initialGradNorm must be non-negative and finite, but was -1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> TestLayer.aimle(TestSolvers.topK(1)).optInitialGradNorm(-1).build()).getMessage());
        assertEquals(TestLayer.IDENTITY.describe() + ": samples must be at least 1, but was 0",
                assertThrows(IllegalArgumentException.class,
                        () -> TestLayer.imle(TestSolvers.topK(1)).optSamples(0).build()).getMessage());
    }
}

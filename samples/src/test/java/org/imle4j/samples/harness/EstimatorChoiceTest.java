package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.imle4j.annotation.Difference;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.estimator.BlackboxEstimator;
import org.imle4j.runtime.estimator.GaussianSparsemaxEstimator;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.estimator.GumbelSoftmaxEstimator;
import org.imle4j.runtime.estimator.HardConcreteEstimator;
import org.imle4j.runtime.estimator.ImleEstimator;
import org.imle4j.runtime.estimator.PerturbedOptimizerEstimator;
import org.imle4j.runtime.estimator.RelaxedTopKEstimator;
import org.imle4j.runtime.estimator.ScoreFunctionEstimator;
import org.imle4j.runtime.estimator.SpanningTreeSstEstimator;
import org.imle4j.runtime.estimator.SparseMapEstimator;
import org.imle4j.runtime.estimator.StraightThroughEstimator;
import org.imle4j.runtime.noise.GaussianNoise;
import org.imle4j.runtime.noise.GumbelNoise;
import org.imle4j.runtime.noise.SumOfGammaNoise;
import org.imle4j.runtime.solvers.ArgmaxLayer;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.IndependentBitsLayer;
import org.imle4j.runtime.solvers.SpanningTreeLayer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** One estimator choice configures generated layers of both builder families, and is parsed in any case. */
class EstimatorChoiceTest {
    private static final EstimatorChoice.Settings SETTINGS = EstimatorChoice.Settings.defaults().withLambda(100)
            .withRelaxation(0.1, 3);

    private static final Map<EstimatorChoice, Class<? extends GradientEstimator>> EXPECTED = Map.ofEntries(
            Map.entry(EstimatorChoice.AIMLE, ImleEstimator.class),
            Map.entry(EstimatorChoice.AIMLE_FORWARD, ImleEstimator.class),
            Map.entry(EstimatorChoice.IMLE, ImleEstimator.class),
            Map.entry(EstimatorChoice.IMLE_CENTRAL, ImleEstimator.class),
            Map.entry(EstimatorChoice.DBB, BlackboxEstimator.class),
            Map.entry(EstimatorChoice.STE, StraightThroughEstimator.class),
            Map.entry(EstimatorChoice.PO, PerturbedOptimizerEstimator.class),
            Map.entry(EstimatorChoice.SFE, ScoreFunctionEstimator.class),
            Map.entry(EstimatorChoice.GUMBEL_SOFTMAX, GumbelSoftmaxEstimator.class),
            Map.entry(EstimatorChoice.RELAXED, RelaxedTopKEstimator.class),
            Map.entry(EstimatorChoice.SST_SPANNING_TREE, SpanningTreeSstEstimator.class),
            Map.entry(EstimatorChoice.HARD_CONCRETE, HardConcreteEstimator.class),
            Map.entry(EstimatorChoice.GAUSSIAN_SPARSEMAX, GaussianSparsemaxEstimator.class),
            Map.entry(EstimatorChoice.SPARSEMAP, SparseMapEstimator.class));

    private static SolverLayer layer(EstimatorChoice choice) {
        // A one-hot layer for Gumbel-softmax and Gaussian-sparsemax, a spanning-tree layer for the spanning-tree SST,
        // an independent-bits layer for Hard Concrete, a k-subset layer for the others: each estimator's own structure.
        return switch (choice) {
            case GUMBEL_SOFTMAX, GAUSSIAN_SPARSEMAX -> choice.configure(ArgmaxLayer.builder().optNoiseTemperature(2),
                    SETTINGS).build();
            case HARD_CONCRETE -> choice.configure(IndependentBitsLayer.builder().optNoiseTemperature(2), SETTINGS)
                    .build();
            case SST_SPANNING_TREE -> choice.configure(SpanningTreeLayer.builder().setNodes(4).optNoiseTemperature(2),
                    SETTINGS).build();
            default -> choice.configure(BatchTopKLayer.builder().setK(3).optNoiseTemperature(2), SETTINGS).build();
        };
    }

    @Test
    void everyChoiceBuildsALayerWithItsEstimatorAndScheme() {
        for (EstimatorChoice choice : EstimatorChoice.values()) {
            SolverLayer layer = layer(choice);
            assertInstanceOf(EXPECTED.get(choice), layer.getEstimator(), choice.label());
            Difference expected = choice == EstimatorChoice.AIMLE || choice == EstimatorChoice.IMLE_CENTRAL
                    ? Difference.CENTRAL : Difference.FORWARD;
            assertEquals(expected, layer.getSettings().difference(), choice.label());
        }
        assertEquals(EstimatorChoice.values().length, EXPECTED.size());
    }

    @Test
    void relaxationsAndThePerturbedOptimizerBringTheirNoise() {
        assertInstanceOf(GumbelNoise.class, layer(EstimatorChoice.RELAXED).getSettings().noise());
        assertEquals(1, layer(EstimatorChoice.RELAXED).getSettings().noiseTemperature());
        assertInstanceOf(GumbelNoise.class, layer(EstimatorChoice.GUMBEL_SOFTMAX).getSettings().noise());
        assertInstanceOf(GumbelNoise.class, layer(EstimatorChoice.SST_SPANNING_TREE).getSettings().noise());
        assertEquals(1, layer(EstimatorChoice.SST_SPANNING_TREE).getSettings().noiseTemperature());
        assertInstanceOf(GaussianNoise.class, layer(EstimatorChoice.PO).getSettings().noise());
        assertInstanceOf(GaussianNoise.class, layer(EstimatorChoice.GAUSSIAN_SPARSEMAX).getSettings().noise());
        assertEquals(1, layer(EstimatorChoice.GAUSSIAN_SPARSEMAX).getSettings().noiseTemperature());
        assertInstanceOf(SumOfGammaNoise.class, layer(EstimatorChoice.STE).getSettings().noise());
        assertEquals(2, layer(EstimatorChoice.STE).getSettings().noiseTemperature());
    }

    @Test
    void labelsNameTheSweptParameter() {
        assertEquals("I-MLE λ=100", EstimatorChoice.IMLE.label(SETTINGS));
        assertEquals("relaxed top-k t=0.1", EstimatorChoice.RELAXED.label(SETTINGS));
        assertEquals("SST spanning tree t=0.1", EstimatorChoice.SST_SPANNING_TREE.label(SETTINGS));
        assertEquals("Gaussian-sparsemax t=0.1", EstimatorChoice.GAUSSIAN_SPARSEMAX.label(SETTINGS));
        assertEquals("Hard Concrete", EstimatorChoice.HARD_CONCRETE.label(SETTINGS));
        assertEquals("AIMLE", EstimatorChoice.AIMLE.label(SETTINGS));
        assertEquals("I-MLE", EstimatorChoice.IMLE.label());
    }

    @Test
    void parsesKeysAndNamesInAnyCase() {
        EstimatorChoice.Converter converter = new EstimatorChoice.Converter();
        assertEquals(EstimatorChoice.AIMLE, converter.convert("AIMLE"));
        assertEquals(EstimatorChoice.DBB, converter.convert(" dbb"));
        assertEquals(EstimatorChoice.RELAXED, converter.convert("RELAXED"));
        assertEquals(EstimatorChoice.SST_SPANNING_TREE, converter.convert("sst-spanning-tree"));
        assertEquals(EstimatorChoice.AIMLE_FORWARD, converter.convert("AIMLE_FORWARD"));
        assertEquals(EstimatorChoice.SPARSEMAP, converter.convert("sparsemap"));
        TypeConversionException error = assertThrows(TypeConversionException.class,
                () -> converter.convert("reinforce"));
        assertTrue(error.getMessage().contains("aimle, aimle-forward, imle"), error.getMessage());
    }
}

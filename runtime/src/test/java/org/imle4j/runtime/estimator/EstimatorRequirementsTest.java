package org.imle4j.runtime.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.junit.jupiter.api.Test;

/** What each estimator requires, and the list of fitting estimators that messages give, agree. */
class EstimatorRequirementsTest {

    /** Every estimator factory, under the name {@link Estimators#fitting} gives it. */
    private static Map<String, GradientEstimator> catalogue() {
        Map<String, GradientEstimator> estimators = new LinkedHashMap<>();
        estimators.put("imle", Estimators.imle(1.0));
        estimators.put("aimle", Estimators.aimle());
        estimators.put("ste", Estimators.ste());
        estimators.put("blackbox", Estimators.blackbox(1.0));
        estimators.put("perturbedOptimizer", Estimators.perturbedOptimizer());
        estimators.put("sparseMap", Estimators.sparseMap());
        estimators.put("gumbelSoftmax", Estimators.gumbelSoftmax(0.5));
        estimators.put("straightThroughGumbelSoftmax", Estimators.straightThroughGumbelSoftmax(0.5));
        estimators.put("relaxedTopK", Estimators.relaxedTopK(3, 0.5));
        estimators.put("straightThroughRelaxedTopK", Estimators.straightThroughRelaxedTopK(3, 0.5));
        estimators.put("relaxedTopK with k = 1", Estimators.relaxedTopK(1, 0.5));
        estimators.put("scoreFunction over ExponentialFamily.categorical()",
                Estimators.scoreFunction(ExponentialFamily.categorical(), Baseline.none()));
        estimators.put("scoreFunction over ExponentialFamily.kSubset(k)",
                Estimators.scoreFunction(ExponentialFamily.kSubset(3), Baseline.none()));
        estimators.put("scoreFunction over ExponentialFamily.bernoulli()",
                Estimators.scoreFunction(ExponentialFamily.bernoulli(), Baseline.none()));
        estimators.put("hardConcrete", Estimators.hardConcrete());
        estimators.put("gaussianSparsemax", Estimators.gaussianSparsemax(1.0));
        return estimators;
    }

    private static boolean fits(GradientEstimator estimator, Structure structure) {
        return estimator.requirements().mismatch(structure, Noise.GAUSSIAN, 1.0).isEmpty();
    }

    @Test
    void theEstimatorsNamedForAStructureAreExactlyThoseThatFitIt() {
        for (Structure structure : Structure.values()) {
            List<String> named = Arrays.asList(Estimators.fitting(structure).split(", "));
            for (Map.Entry<String, GradientEstimator> entry : catalogue().entrySet()) {
                boolean fits = fits(entry.getValue(), structure);
                if (named.contains(entry.getKey())) {
                    assertTrue(fits, entry.getKey() + " is named for " + structure + " but does not fit it");
                } else if (!entry.getKey().equals("relaxedTopK with k = 1")) {
                    // relaxedTopK with k = 1 fits K_SUBSET too, where plain relaxedTopK already names it.
                    assertTrue(!fits, entry.getKey() + " fits " + structure + " but is not named for it");
                }
            }
        }
    }

    @Test
    void estimatorsWithoutNeedsFitEveryStructureAndNoise() {
        for (String name : List.of("imle", "aimle", "ste", "blackbox")) {
            GradientEstimator estimator = catalogue().get(name);
            for (Structure structure : Structure.values()) {
                for (Noise noise : Noise.values()) {
                    assertEquals(Optional.empty(), estimator.requirements().mismatch(structure, noise, 0.0),
                            name + " with " + structure + " and " + noise);
                }
            }
        }
    }

    @Test
    void anUnspecifiedStructureIsToldToDeclareOne() {
        String problem = Estimators.gumbelSoftmax(0.5).requirements()
                .mismatch(Structure.UNSPECIFIED, Noise.GUMBEL, 1.0).orElseThrow();
        assertEquals("relaxes the argmax of each row, so it needs a solver of structure ONE_HOT, but the solver "
                + "declares no structure; if its solutions are ONE_HOT, declare it with structure = "
                + "Structure.ONE_HOT on the solver's annotation or optStructure(Structure.ONE_HOT)", problem);
    }

    @Test
    void aWrongStructureNamesBothAndTheEstimatorsThatFit() {
        String problem = Estimators.gumbelSoftmax(0.5).requirements()
                .mismatch(Structure.K_SUBSET, Noise.GUMBEL, 1.0).orElseThrow();
        assertTrue(problem.contains("needs a solver of structure ONE_HOT, but the solver's structure is K_SUBSET; "
                + "choose an estimator for K_SUBSET solvers (" + Estimators.fitting(Structure.K_SUBSET) + ")"),
                problem);
    }

    @Test
    void theScoreFunctionNeedsItsFamilysStructure() {
        assertEquals(Set.of(Structure.ONE_HOT), Estimators.scoreFunction(ExponentialFamily.categorical(),
                Baseline.none()).requirements().structures());
        assertEquals(Set.of(Structure.INDEPENDENT_BITS), Estimators.scoreFunction(ExponentialFamily.bernoulli(),
                Baseline.none()).requirements().structures());
        assertEquals(Set.of(Structure.K_SUBSET), Estimators.scoreFunction(ExponentialFamily.kSubset(4),
                Baseline.none()).requirements().structures());
        assertEquals(Set.of(Structure.K_SUBSET, Structure.ONE_HOT), Estimators.scoreFunction(
                ExponentialFamily.kSubset(1), Baseline.none()).requirements().structures());
    }

    @Test
    void aFamilyThatStatesNoStructureFitsAnySolver() {
        ExponentialFamily bernoulli = ExponentialFamily.bernoulli();
        ExponentialFamily silent = new ExponentialFamily() {
            @Override
            public NDArray sample(NDArray phi, int samplesPerExample) {
                return bernoulli.sample(phi, samplesPerExample);
            }

            @Override
            public NDArray marginals(NDArray phi) {
                return bernoulli.marginals(phi);
            }
        };
        GradientEstimator estimator = Estimators.scoreFunction(silent, Baseline.none());
        for (Structure structure : Structure.values()) {
            assertTrue(fits(estimator, structure), structure.name());
        }
    }

    @Test
    void thePerturbedOptimizerNeedsGaussianOrGumbelNoiseWithPositiveTemperature() {
        EstimatorRequirements requirements = Estimators.perturbedOptimizer().requirements();
        for (Noise noise : Noise.values()) {
            boolean known = noise == Noise.GAUSSIAN || noise == Noise.GUMBEL;
            assertEquals(known, requirements.mismatch(Structure.UNSPECIFIED, noise, 1.0).isEmpty(), noise.name());
        }
        assertTrue(requirements.mismatch(Structure.K_SUBSET, Noise.GAUSSIAN, 0.0).orElseThrow()
                .contains("needs a positive noise temperature τ, but it is 0.0"));
    }

    @Test
    void requirementsCannotAskForTheUnspecifiedStructure() {
        assertThrows(IllegalArgumentException.class,
                () -> EstimatorRequirements.structure("because", Structure.UNSPECIFIED));
        assertThrows(IllegalArgumentException.class, () -> EstimatorRequirements.structure("because"));
        assertThrows(IllegalArgumentException.class, () -> EstimatorRequirements.noise("because"));
    }
}

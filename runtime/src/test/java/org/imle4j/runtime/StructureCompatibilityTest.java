package org.imle4j.runtime;

import static org.imle4j.runtime.testing.Failures.assertThrowsMentioning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.function.Supplier;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.estimator.Baseline;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.ExponentialFamily;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.solvers.ArgmaxLayer;
import org.imle4j.runtime.solvers.AssignmentLayer;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.GridDagShortestPathLayer;
import org.imle4j.runtime.solvers.GridShortestPathLayer;
import org.imle4j.runtime.solvers.IndependentBitsLayer;
import org.imle4j.runtime.solvers.KnapsackLayer;
import org.imle4j.runtime.solvers.RankingLayer;
import org.imle4j.runtime.solvers.SpanningTreeLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@code build()} refuses an estimator that does not fit the solver's declared structure or the layer's noise. */
class StructureCompatibilityTest {

    private static IllegalArgumentException assertRefused(Executable build, String... fragments) {
        return assertThrowsMentioning(IllegalArgumentException.class, build, fragments);
    }

    @Test
    void theLibrarysSolversDeclareTheirStructure() {
        assertEquals(Structure.K_SUBSET, TopKLayer.builder().setK(2).build().getSolutionDomain().structure());
        assertEquals(Structure.K_SUBSET, BatchTopKLayer.builder().setK(2).build().getSolutionDomain().structure());
        assertEquals(Structure.ONE_HOT, ArgmaxLayer.builder().build().getSolutionDomain().structure());
        assertEquals(Structure.INDEPENDENT_BITS,
                IndependentBitsLayer.builder().build().getSolutionDomain().structure());
        assertEquals(Structure.RANKING, RankingLayer.builder().build().getSolutionDomain().structure());
        assertEquals(Structure.SPANNING_TREE,
                SpanningTreeLayer.builder().setNodes(3).build().getSolutionDomain().structure());
        for (SolverLayer layer : List.of(AssignmentLayer.builder().build(), GridShortestPathLayer.builder().build(),
                GridDagShortestPathLayer.builder().setRows(2).setCols(2).build(),
                KnapsackLayer.builder().setWeights(new int[] {1}).setCapacity(1).build())) {
            assertEquals(Structure.BINARY, layer.getSolutionDomain().structure(), layer.getIdentity().layer());
        }
    }

    @Test
    void gumbelSoftmaxOnAKSubsetSolverIsRefusedNamingLayerEstimatorAndWhatFits() {
        assertRefused(() -> TopKLayer.builder().setK(3).optNoise(Noise.GUMBEL)
                        .optEstimator(() -> Estimators.gumbelSoftmax(0.5)).build(),
                "TopKLayer (solver org.imle4j.runtime.solvers.TopK#indicator)", "Gumbel-softmax(t=0.5)",
                "needs a solver of structure ONE_HOT, but the solver's structure is K_SUBSET",
                "relaxedTopK, straightThroughRelaxedTopK");
        assertRefused(() -> BatchTopKLayer.builder().setK(3)
                        .optEstimator(() -> Estimators.straightThroughGumbelSoftmax(0.5)).build(),
                "BatchTopKLayer", "straight-through", "ONE_HOT");
    }

    @Test
    void relaxedTopKNeedsAKSubsetSolverOrKOfOne() {
        assertRefused(() -> ArgmaxLayer.builder().optEstimator(() -> Estimators.relaxedTopK(3, 0.5)).build(),
                "ArgmaxLayer", "relaxed top-k(k=3, t=0.5)", "needs a solver of structure K_SUBSET",
                "structure is ONE_HOT", "gumbelSoftmax");
        assertRefused(() -> GridShortestPathLayer.builder()
                        .optEstimator(() -> Estimators.straightThroughRelaxedTopK(3, 0.5)).build(),
                "GridShortestPathLayer", "structure is BINARY");
        ArgmaxLayer.builder().optEstimator(() -> Estimators.relaxedTopK(1, 0.5)).build();
        TopKLayer.builder().setK(3).optEstimator(() -> Estimators.relaxedTopK(3, 0.5)).build();
        BatchTopKLayer.builder().setK(3).optEstimator(() -> Estimators.straightThroughRelaxedTopK(3, 0.5)).build();
    }

    @Test
    void theSpanningTreeSstNeedsASpanningTreeSolver() {
        assertRefused(() -> AssignmentLayer.builder().optEstimator(() -> Estimators.sstSpanningTree(0.5)).build(),
                "AssignmentLayer", "spanning-tree SST(t=0.5)", "relaxes the choice of a spanning tree",
                "needs a solver of structure SPANNING_TREE", "structure is BINARY");
        assertRefused(() -> TopKLayer.builder().setK(2)
                        .optEstimator(() -> Estimators.straightThroughSstSpanningTree(0.5)).build(),
                "TopKLayer", "straight-through", "structure is K_SUBSET");
        assertRefused(() -> SpanningTreeLayer.builder().setNodes(4).optEstimator(() -> Estimators.relaxedTopK(3, 0.5))
                        .build(),
                "SpanningTreeLayer", "structure is SPANNING_TREE", "sstSpanningTree, straightThroughSstSpanningTree");
        SpanningTreeLayer.builder().setNodes(4).optEstimator(Estimators::sstSpanningTree).build();
        SpanningTreeLayer.builder().setNodes(4).optEstimator(() -> Estimators.straightThroughSstSpanningTree(1))
                .build();
    }

    @Test
    void theScoreFunctionNeedsTheSolverOfItsFamily() {
        assertRefused(() -> ArgmaxLayer.builder().optEstimator(() -> Estimators.scoreFunction(
                        ExponentialFamily.kSubset(3), Baseline.none())).build(),
                "ArgmaxLayer", "SFE(k-subset(k=3)", "draws from the k-subset(k=3) family", "structure K_SUBSET");
        assertRefused(() -> TopKLayer.builder().setK(3).optEstimator(() -> Estimators.scoreFunction(
                        ExponentialFamily.categorical(), Baseline.none())).build(),
                "TopKLayer", "categorical", "structure ONE_HOT");
        // A path is 0/1, but not any 0/1 vector: independent Bernoulli bits would train a different layer.
        assertRefused(() -> GridShortestPathLayer.builder().optEstimator(() -> Estimators.scoreFunction(
                        ExponentialFamily.bernoulli(), Baseline.none())).build(),
                "GridShortestPathLayer", "bernoulli", "structure INDEPENDENT_BITS", "structure is BINARY");
        TopKLayer.builder().setK(3).optEstimator(() -> Estimators.scoreFunction(ExponentialFamily.kSubset(3),
                Baseline.none())).build();
        ArgmaxLayer.builder().optEstimator(() -> Estimators.scoreFunction(ExponentialFamily.categorical(),
                Baseline.none())).build();
        TestLayer.imle(TestSolvers.topK(1)).optStructure(Structure.INDEPENDENT_BITS)
                .optEstimator(() -> Estimators.scoreFunction(ExponentialFamily.bernoulli(), Baseline.none())).build();
    }

    @Test
    void hardConcreteNeedsIndependentBits() {
        assertRefused(() -> ArgmaxLayer.builder().optEstimator(Estimators::hardConcrete).build(),
                "ArgmaxLayer (solver org.imle4j.runtime.solvers.Argmax#oneHot)", "Hard Concrete(β=0.6666666666666666",
                "replaces each independent bit by a Hard Concrete gate", "needs a solver of structure "
                        + "INDEPENDENT_BITS, but the solver's structure is ONE_HOT", "gaussianSparsemax");
        assertRefused(() -> KnapsackLayer.builder().setWeights(new int[] {1}).setCapacity(1)
                        .optEstimator(Estimators::hardConcrete).build(),
                "KnapsackLayer", "structure is BINARY");
        IndependentBitsLayer.builder().optEstimator(Estimators::hardConcrete).build();
    }

    @Test
    void gaussianSparsemaxNeedsAOneHotSolverAndGaussianNoise() {
        assertRefused(() -> TopKLayer.builder().setK(1).optNoise(Noise.GAUSSIAN)
                        .optEstimator(() -> Estimators.gaussianSparsemax(0.5)).build(),
                "TopKLayer", "Gaussian-sparsemax(t=0.5)", "needs a solver of structure ONE_HOT",
                "structure is K_SUBSET");
        assertRefused(() -> IndependentBitsLayer.builder().optNoise(Noise.GAUSSIAN)
                        .optEstimator(() -> Estimators.gaussianSparsemax(0.5)).build(),
                "IndependentBitsLayer", "structure is INDEPENDENT_BITS", "hardConcrete");
        assertRefused(() -> ArgmaxLayer.builder().optEstimator(() -> Estimators.gaussianSparsemax(0.5)).build(),
                "ArgmaxLayer", "the layer's noise is GUMBEL", "optNoise(Noise.GAUSSIAN) or optNoise(Noise.NONE)");
        ArgmaxLayer.builder().optNoise(Noise.GAUSSIAN).optEstimator(() -> Estimators.gaussianSparsemax(0.5)).build();
    }

    @Test
    void anUndeclaredStructureIsRefusedUntilDeclared() {
        assertRefused(() -> TestLayer.imle(TestSolvers.topK(1)).optEstimator(() -> Estimators.gumbelSoftmax(0.5))
                        .build(),
                "TestLayer (solver org.imle4j.runtime.testing.TestLayer#solve)", "declares no structure",
                "optStructure(Structure.ONE_HOT)");
        assertRefused(() -> TestLayer.aimle(TestSolvers.topK(2)).optEstimator(() -> Estimators.relaxedTopK(2, 0.5))
                        .build(),
                "declares no structure", "optStructure(Structure.K_SUBSET)");
        TestLayer layer = TestLayer.imle(TestSolvers.topK(1)).optStructure(Structure.ONE_HOT)
                .optEstimator(() -> Estimators.gumbelSoftmax(0.5)).build();
        assertEquals(Structure.ONE_HOT, layer.getSolutionDomain().structure());
    }

    @Test
    void thePerturbedOptimizerNeedsNoiseWithAKnownDensity() {
        assertRefused(() -> TopKLayer.builder().setK(3).optEstimator(Estimators::perturbedOptimizer).build(),
                "TopKLayer", "perturbed optimizer", "the layer's noise is SUM_OF_GAMMA",
                "optNoise(Noise.GUMBEL) or optNoise(Noise.GAUSSIAN)");
        assertRefused(() -> TopKLayer.builder().setK(3).optEstimator(Estimators::perturbedOptimizer)
                .optNoise(Noise.GAUSSIAN).optNoiseTemperature(0).build(), "positive noise temperature");
        for (Noise noise : List.of(Noise.GAUSSIAN, Noise.GUMBEL)) {
            TopKLayer.builder().setK(3).optEstimator(Estimators::perturbedOptimizer).optNoise(noise).build();
        }
    }

    @Test
    void estimatorsThatNeedNothingFitEveryLayer() {
        List<Supplier<GradientEstimator>> general = List.of(() -> Estimators.imle(1.0), Estimators::aimle,
                Estimators::ste, () -> Estimators.blackbox(1.0));
        for (Supplier<GradientEstimator> estimator : general) {
            GradientEstimator chosen = estimator.get();
            assertSame(chosen, TestLayer.imle(TestSolvers.topK(1)).optEstimator(() -> chosen).build().getEstimator());
            RankingLayer.builder().optEstimator(estimator).build();
            GridShortestPathLayer.builder().optEstimator(estimator).optNoise(Noise.NONE).build();
            ArgmaxLayer.builder().optEstimator(estimator).build();
        }
    }
}

package org.imle4j.runtime;

import static org.imle4j.runtime.testing.Failures.assertThrowsMentioning;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.internal.Finiteness;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.InstanceSolver;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Solutions outside the declared structure fail with the layer, the solver method, the instance and the fault. */
class SolutionChecksTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = TestLayer.IDENTITY;

    private NDArray theta;

    @BeforeEach
    void open() {
        theta = manager.create(new float[] {1, 2, 3, 4, 8, 7, 6, 5, 9, 12, 10, 11}).reshape(3, 4);
    }

    private static TestLayer javaLayer(Structure structure, InstanceSolver<float[]> solver) {
        return TestLayer.imle(ArraySolvers.floatVector(solver, IDENTITY, 1)).optStructure(structure).build();
    }

    private static TestLayer batchLayer(Structure structure, float[] solutions) {
        BatchSolver solver = request -> request.thetas().getManager().create(solutions, request.thetas().getShape());
        return TestLayer.imle(solver).optStructure(structure).build();
    }

    private static SolverException assertRejected(Executable run, String... fragments) {
        SolverException error = assertThrowsMentioning(SolverException.class, run, fragments);
        assertTrue(error.getMessage().startsWith(IDENTITY.describe()), error.getMessage());
        return error;
    }

    @Test
    void javaSolutionOffZeroOneIsRejected() {
        SolverException error = assertRejected(() -> Layers.infer(javaLayer(Structure.K_SUBSET,
                        (t, i) -> i.index() == 1 ? new float[] {0, 2.5f, 1, 0} : new float[] {0, 1, 1, 0}), theta),
                "instance 1: solution holds 2.5 at index 1, but a K_SUBSET solution holds only 0 and 1");
        assertEquals(1, error.getInstance());
        assertRejected(() -> Layers.infer(javaLayer(Structure.BINARY, (t, i) -> new int[] {0, 1, -1, 0}), theta),
                "instance 0", "holds -1.0 at index 2", "BINARY");
    }

    @Test
    void javaKSubsetWithAnotherCountIsRejected() {
        SolverException error = assertRejected(() -> Layers.infer(javaLayer(Structure.K_SUBSET,
                        (t, i) -> i.index() == 2 ? new int[] {1, 1, 1, 0} : new int[] {1, 1, 0, 0}), theta),
                "instance 2: solution has 3 ones, but instance 0 has 2; a K_SUBSET solver returns the same number "
                        + "of ones for every instance");
        assertEquals(2, error.getInstance());
    }

    @Test
    void javaOneHotNeedsExactlyOneOnePerRow() {
        assertRejected(() -> Layers.infer(javaLayer(Structure.ONE_HOT, (t, i) -> new int[] {1, 0, 1, 0}), theta),
                "instance 0: solution has 2 ones, but a ONE_HOT solution has exactly one 1 per row");
        assertRejected(() -> Layers.infer(javaLayer(Structure.ONE_HOT, (t, i) -> new int[4]), theta), "has 0 ones");
    }

    @Test
    void javaMatrixOneHotIsCheckedRowByRow() {
        InstanceSolver<float[][]> rowArgmax = (t, i) -> {
            int[][] z = new int[t.length][t[0].length];
            z[0][0] = 1;
            if (i.index() == 0) {
                z[1][1] = 1;
            }
            return z;
        };
        TestLayer layer = TestLayer.imle(ArraySolvers.floatMatrix(rowArgmax, IDENTITY, 1), 2, 0)
                .optStructure(Structure.ONE_HOT).build();
        NDArray matrices = manager.ones(new Shape(2, 2, 3));
        assertRejected(() -> Layers.infer(layer, matrices), "instance 1: solution has 0 ones in row 1");
    }

    @Test
    void javaRankingMustBeAPermutation() {
        assertRejected(() -> Layers.infer(javaLayer(Structure.RANKING, (t, i) -> new int[] {1, 2, 2, 4}), theta),
                "instance 0: solution is not a permutation of 1, …, 4 (it holds [1.0, 2.0, 2.0, 4.0])");
        NDArray ranks = Layers.infer(javaLayer(Structure.RANKING, (t, i) -> new int[] {4, 1, 3, 2}), theta);
        assertArrayEquals(new float[] {4, 1, 3, 2, 4, 1, 3, 2, 4, 1, 3, 2}, ranks.toFloatArray());
    }

    @Test
    void solutionsThatFitPassUnchanged() {
        NDArray z = Layers.infer(javaLayer(Structure.K_SUBSET, (t, i) -> TopK.indicator(t, 2)), theta);
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1}, z.toFloatArray());
        NDArray paths = Layers.infer(javaLayer(Structure.BINARY, (t, i) -> new boolean[] {i.index() == 0, true,
                false, i.index() == 2}), theta);
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1}, paths.toFloatArray());
    }

    @Test
    void checksCanBeSwitchedOffAndUndeclaredStructuresAreNotChecked() {
        InstanceSolver<float[]> offDomain = (t, i) -> new float[] {0, 2.5f, -1, 0};
        TestLayer unchecked = TestLayer.imle(ArraySolvers.floatVector(offDomain, IDENTITY, 1))
                .optStructure(Structure.K_SUBSET).optCheckSolutions(false).build();
        assertEquals(2.5f, Layers.infer(unchecked, theta).getFloat(0, 1));
        TestLayer undeclared = TestLayer.imle(ArraySolvers.floatVector(offDomain, IDENTITY, 1)).build();
        assertEquals(-1f, Layers.infer(undeclared, theta).getFloat(2, 2));
        float[] offDomainBatch = {0, 2.5f, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0};
        TestLayer uncheckedBatch = TestLayer.imle(request -> request.thetas().getManager()
                .create(offDomainBatch, request.thetas().getShape())).optStructure(Structure.K_SUBSET)
                .optCheckSolutions(false).build();
        assertEquals(2.5f, Layers.infer(uncheckedBatch, theta).getFloat(0, 1));
    }

    @Test
    void batchSolutionsAreCheckedAlikeOnTheHostAndOnTheDevice() {
        // Small float32 solutions are read on the host; float64 ones are checked by tensor operations on the device.
        for (NDArray input : new NDArray[] {theta, theta.toType(DataType.FLOAT64, false)}) {
            assertRejected(() -> Layers.infer(batchLayer(Structure.K_SUBSET,
                            new float[] {0, 1, 1, 0, 0, 1, 1, 0, 0, 1, -1, 0}), input),
                    "instance 2: solution holds -1.0 at index 2");
            assertRejected(() -> Layers.infer(batchLayer(Structure.K_SUBSET,
                            new float[] {0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0}), input),
                    "instance 1: solution has 3 ones, but instance 0 has 2");
            assertRejected(() -> Layers.infer(batchLayer(Structure.ONE_HOT,
                            new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}), input),
                    "instance 1: solution has 0 ones, but a ONE_HOT solution has exactly one 1 per row");
            assertRejected(() -> Layers.infer(batchLayer(Structure.RANKING,
                            new float[] {1, 2, 3, 4, 4, 3, 2, 1, 1, 3, 3, 4}), input),
                    "instance 2: solution is not a permutation of 1, …, 4");
            assertRejected(() -> Layers.infer(batchLayer(Structure.BINARY,
                            new float[] {0, 1, 0, 0, 0, 0, Float.NaN, 0, 0, 1, 0, 0}), input),
                    "instance 1: solution holds NaN at index 2");
        }
    }

    @Test
    void largeBatchSolutionsAreCheckedAlikeInChunksOnTheHostAndOnTheDevice() {
        int rows = 3 * Finiteness.HOST_ELEMENTS / 4 + 1;
        NDArray large = manager.arange(0f, rows * 4f, 1f, DataType.FLOAT32).reshape(rows, 4);
        float[] twoOnes = new float[rows * 4];
        for (int i = 0; i < rows; i++) {
            twoOnes[i * 4 + i % 4] = 1;
            twoOnes[i * 4 + (i + 1) % 4] = 1;
        }
        for (NDArray input : new NDArray[] {large, large.toType(DataType.FLOAT64, false)}) {
            assertArrayEquals(twoOnes,
                    Layers.infer(batchLayer(Structure.K_SUBSET, twoOnes), input).toType(DataType.FLOAT32, false)
                            .toFloatArray());
            float[] threeOnes = twoOnes.clone();
            threeOnes[(rows - 2) * 4 + (rows + 1) % 4] = 1;
            assertRejected(() -> Layers.infer(batchLayer(Structure.K_SUBSET, threeOnes), input),
                    "instance " + (rows - 2) + ": solution has 3 ones, but instance 0 has 2");
            float[] half = twoOnes.clone();
            half[(rows / 2) * 4 + 3] = 0.5f;
            assertRejected(() -> Layers.infer(batchLayer(Structure.K_SUBSET, half), input),
                    "instance " + rows / 2 + ": solution holds 0.5 at index 3");
        }
    }

    @Test
    void largeOneHotBatchSolutionsAreCheckedInChunksOnTheHost() {
        int rows = Finiteness.HOST_ELEMENTS / 4 + 1;
        NDArray large = manager.arange(0f, rows * 4f, 1f, DataType.FLOAT32).reshape(rows, 4);
        float[] solutions = new float[rows * 4];
        for (int i = 0; i < rows; i++) {
            solutions[i * 4 + i % 4] = 1;
        }
        assertArrayEquals(solutions, Layers.infer(batchLayer(Structure.ONE_HOT, solutions), large).toFloatArray());
        solutions[(rows - 1) * 4 + 1] = 1;
        assertRejected(() -> Layers.infer(batchLayer(Structure.ONE_HOT, solutions), large),
                "instance " + (rows - 1) + ": solution has 2 ones, but a ONE_HOT solution has exactly one 1 per row");
    }

    @Test
    void batchSolutionsThatFitPass() {
        float[] ranks = {1, 2, 3, 4, 4, 3, 2, 1, 2, 1, 4, 3};
        assertArrayEquals(ranks, Layers.infer(batchLayer(Structure.RANKING, ranks), theta).toFloatArray());
        float[] oneHot = {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1};
        assertArrayEquals(oneHot, Layers.infer(batchLayer(Structure.ONE_HOT, oneHot), theta).toFloatArray());
        float[] paths = {0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        assertArrayEquals(paths, Layers.infer(batchLayer(Structure.BINARY, paths), theta).toFloatArray());
    }

    @Test
    void withInputsTheCountOnlyHasToAgreeWithinAnExample() {
        InstanceSolver<float[]> budgeted = (t, i) -> TopK.indicator(t, i.intInput(0));
        NDArray budgets = manager.create(new int[] {1, 3, 2});
        TestLayer layer = TestLayer.imle(ArraySolvers.floatVector(budgeted, IDENTITY, 1), 1, 1)
                .optStructure(Structure.K_SUBSET).optSamples(2).optNoise(Noise.GUMBEL).build();
        NDArray z;
        try (GradientCollector collector = ImleGradientCollector.open()) {
            z = Layers.run(layer, true, new NDList(theta, budgets));
        }
        assertArrayEquals(new float[] {1, 1, 3, 3, 2, 2}, z.sum(new int[] {1}).toFloatArray());

        InstanceSolver<float[]> unsteady = (t, i) -> TopK.indicator(t, i.index() == 3 ? 1 : i.intInput(0));
        TestLayer unsteadyLayer = TestLayer.imle(ArraySolvers.floatVector(unsteady, IDENTITY, 1), 1, 1)
                .optStructure(Structure.K_SUBSET).optSamples(2).optNoise(Noise.GUMBEL).build();
        try (GradientCollector collector = ImleGradientCollector.open()) {
            assertRejected(() -> Layers.run(unsteadyLayer, true, new NDList(theta, budgets)),
                    "instance 3 (example 1, sample 1): solution has 1 ones, but instance 2 has 3",
                    "for every instance of an example");
        }
    }

    @Test
    void trainingSolvesAreCheckedToo() {
        TestLayer layer = TestLayer.imle(ArraySolvers.floatVector(
                        (t, i) -> i.index() == 4 ? new int[] {1, 1, 1, 1} : TopK.indicator(t, 2), IDENTITY, 1))
                .optStructure(Structure.K_SUBSET).optSamples(2).optNoise(Noise.GUMBEL).build();
        try (GradientCollector collector = ImleGradientCollector.open()) {
            assertRejected(() -> Layers.train(layer, theta),
                    "instance 4 (example 2, sample 0): solution has 4 ones, but instance 0 has 2");
        }
    }
}

package org.imle4j.samples.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.solve.SolverException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Input} parameters receive each example's row of an extra block input, through generated layers. */
class InputParametersTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray run(Block layer, boolean training, NDArray... inputs) {
        return layer.forward(new ParameterStore(manager, false), new NDList(inputs), training).singletonOrThrow();
    }

    @Test
    void eachExampleGetsItsOwnBudget() {
        NDArray theta = manager.randomNormal(new Shape(3, 6));
        NDArray budgets = manager.create(new int[] {1, 4, 2}).reshape(3, 1);
        NDArray z = run(WithinBudgetLayer.builder().build(), false, theta, budgets);
        assertArrayEquals(new float[] {1, 4, 2}, z.sum(new int[] {1}).toFloatArray());
    }

    @Test
    void everySampleOfAnExampleGetsTheExamplesBudgetAndGradientsFlow() {
        NDArray theta = manager.randomNormal(new Shape(2, 5));
        theta.setRequiresGradient(true);
        NDArray budgets = manager.create(new int[] {1, 3}).reshape(2, 1);
        NDArray z;
        try (GradientCollector collector = ImleGradientCollector.open()) {
            z = run(WithinBudgetLayer.builder().build(), true, theta, budgets);
            collector.backward(z.mul(manager.create(new float[] {1, -1, 2, 0, -2})).sum());
        }
        // Three samples per example, examples in turn: budgets 1, 1, 1, 3, 3, 3.
        assertArrayEquals(new float[] {1, 1, 1, 3, 3, 3}, z.sum(new int[] {1}).toFloatArray());
        assertTrue(theta.getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void batchSolverReceivesTheMaskAlignedWithItsInstances() {
        NDArray theta = manager.create(new float[] {5, 1, 3, 0, 9, 2}).reshape(2, 3);
        NDArray mask = manager.create(new float[] {0, 1, 1, 1, 0, 1}).reshape(2, 3);
        NDArray z = run(BestAllowedLayer.builder().build(), false, theta, mask);
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1}, z.toFloatArray());
    }

    @Test
    void missingExtraInputIsNamedInTheError() {
        NDArray theta = manager.randomNormal(new Shape(2, 5));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> run(WithinBudgetLayer.builder().build(), false, theta));
        assertTrue(error.getMessage().contains("WithinBudgetLayer"), error.getMessage());
        assertTrue(error.getMessage().contains("extra input"), error.getMessage());
    }

    @Test
    void theDeclaredStructureReachesTheGeneratedBuilder() {
        assertEquals(Structure.K_SUBSET, WithinBudgetLayer.builder().build().getSolutionDomain().structure());
        assertEquals(Structure.ONE_HOT, BestAllowedLayer.builder().build().getSolutionDomain().structure());
    }

    @Test
    void fractionalBudgetIsReportedWithTheInstanceAndTheValue() {
        NDArray theta = manager.randomNormal(new Shape(2, 5));
        NDArray budgets = manager.create(new float[] {2, 1.5f});
        SolverException error = assertThrows(SolverException.class,
                () -> run(WithinBudgetLayer.builder().build(), false, theta, budgets));
        assertEquals(1, error.getInstance());
        assertTrue(error.getMessage().contains("WithinBudgetLayer"), error.getMessage());
        assertTrue(error.getMessage().contains("BudgetSolvers#withinBudget"), error.getMessage());
        assertTrue(error.getMessage().contains("holds 1.5 for example 1, which is not an integer"), error.getMessage());
    }

    @Test
    void budgetOutOfRangeIsReportedWithTheInstance() {
        NDArray theta = manager.randomNormal(new Shape(2, 5));
        NDArray budgets = manager.create(new int[] {2, 9}).reshape(2, 1);
        SolverException error = assertThrows(SolverException.class,
                () -> run(WithinBudgetLayer.builder().build(), false, theta, budgets));
        assertEquals(1, error.getInstance());
        assertTrue(error.getMessage().contains("BudgetSolvers#withinBudget"), error.getMessage());
    }
}

package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/** Plain-Java solvers reuse their host buffers from call to call: every call must still see its own batch. */
class ArraySolversTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = new SolverIdentity("TestLayer", "Test#solve");

    private NDArray counting(Shape shape, DataType type, float start) {
        return manager.arange(start, start + shape.size(), 1f, DataType.FLOAT32).reshape(shape).toType(type, false);
    }

    @Test
    void batchesOfChangingShapesGetTheirOwnThetas() throws Exception {
        // The solution is θ itself: what comes back is what the solver saw.
        BatchSolver identity = ArraySolvers.floatVector((theta, instance) -> theta, IDENTITY, 0);
        for (Shape shape : new Shape[] {new Shape(3, 4), new Shape(5, 2), new Shape(40, 7), new Shape(2, 4)}) {
            NDArray thetas = counting(shape, DataType.FLOAT32, shape.size());
            NDArray solutions = identity.solve(new SolveRequest(thetas, new NDList(), 1));
            assertEquals(shape, solutions.getShape());
            assertArrayEquals(thetas.toFloatArray(), solutions.toFloatArray(), shape.toString());
        }
    }

    @Test
    void matrixSolversKeepRowsAndDataType() throws Exception {
        BatchSolver identity = ArraySolvers.doubleMatrix((theta, instance) -> theta, IDENTITY, 0);
        for (Shape shape : new Shape[] {new Shape(4, 3, 5), new Shape(2, 2, 2), new Shape(6, 3, 5)}) {
            NDArray thetas = counting(shape, DataType.FLOAT64, -7);
            NDArray solutions = identity.solve(new SolveRequest(thetas, new NDList(), 1));
            assertEquals(DataType.FLOAT64, solutions.getDataType());
            assertArrayEquals(thetas.toDoubleArray(), solutions.toDoubleArray(), 0, shape.toString());
        }
    }

    @Test
    void aSolverThatSolvesAnotherBatchOnItsThreadKeepsItsOwnTheta() throws Exception {
        BatchSolver inner = ArraySolvers.floatVector((theta, instance) -> theta, IDENTITY, 1);
        BatchSolver outer = ArraySolvers.floatVector((theta, instance) -> {
            float[] before = theta.clone();
            NDArray other = counting(new Shape(8, theta.length), DataType.FLOAT32, 1000);
            inner.solve(new SolveRequest(other, new NDList(), 1));
            assertArrayEquals(before, theta, "θ changed while another batch was solved on this thread");
            return theta;
        }, IDENTITY, 1);
        NDArray thetas = counting(new Shape(3, 6), DataType.FLOAT32, 0);
        NDArray solutions = outer.solve(new SolveRequest(thetas, new NDList(), 1));
        assertArrayEquals(thetas.toFloatArray(), solutions.toFloatArray());
    }

    @Test
    void instancesReadTheirExamplesInputsAcrossCalls() throws Exception {
        // Each solution entry is the example's budget: instance i belongs to example i / repeats.
        BatchSolver budgets = ArraySolvers.floatVector((theta, instance) -> {
            float[] solution = new float[theta.length];
            Arrays.fill(solution, instance.intInput(0));
            return solution;
        }, IDENTITY, 0);
        int[][] perCall = {{3, 1}, {5, 2, 9, 4}, {7}};
        for (int[] values : perCall) {
            NDArray input = manager.create(values, new Shape(values.length, 1));
            NDArray thetas = manager.zeros(new Shape(values.length * 2L, 3));
            float[] solutions = budgets.solve(new SolveRequest(thetas, new NDList(input), 2)).toFloatArray();
            for (int i = 0; i < values.length * 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(values[i / 2], solutions[i * 3 + j], "instance " + i);
                }
            }
        }
    }

    @Test
    void smallCallsAfterTheFirstAreSolvedOnTheCallingThreadWithTheSameSolutionsAndErrors() throws Exception {
        // The solution negates θ; instance 3 fails while failing is on. The first call has no measured work and
        // goes to the pool; the calls after it are far below the pool's threshold and run on the calling thread.
        Set<Thread> solving = ConcurrentHashMap.newKeySet();
        boolean[] failing = {false};
        BatchSolver negate = ArraySolvers.floatVector((theta, instance) -> {
            solving.add(Thread.currentThread());
            if (failing[0] && instance.index() == 3) {
                throw new IllegalStateException("instance 3 refuses");
            }
            float[] solution = new float[theta.length];
            for (int i = 0; i < theta.length; i++) {
                solution[i] = -theta[i];
            }
            return solution;
        }, IDENTITY, 0);
        NDArray thetas = counting(new Shape(6, 4), DataType.FLOAT32, 1);
        float[] first = negate.solve(new SolveRequest(thetas, new NDList(), 2)).toFloatArray();
        for (int call = 0; call < 3; call++) {
            solving.clear();
            float[] again = negate.solve(new SolveRequest(thetas, new NDList(), 2)).toFloatArray();
            assertArrayEquals(first, again, "call " + call);
            assertEquals(Set.of(Thread.currentThread()), solving, "call " + call);
        }
        for (int i = 0; i < first.length; i++) {
            assertEquals(-(i + 1), first[i]);
        }
        failing[0] = true;
        solving.clear();
        SolverException failure = assertThrows(SolverException.class,
                () -> negate.solve(new SolveRequest(thetas, new NDList(), 2)));
        assertTrue(failure.getMessage().contains("TestLayer") && failure.getMessage().contains("Test#solve")
                && failure.getMessage().contains("instance 3 refuses"), failure.getMessage());
        assertEquals(3, failure.getInstance());
        assertSame(Thread.currentThread(), solving.iterator().next());
    }
}

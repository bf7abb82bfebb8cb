package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.AtomicInteger;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The solution cache against brute force over its own contents. */
class CachingSolverTest {
    private NDManager manager;
    private final AtomicInteger solved = new AtomicInteger();

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Exact top-2 of each row, counting the instances it solves. */
    private BatchSolver countingTopTwo() {
        BatchSolver topTwo = TestSolvers.topK(2);
        return request -> {
            solved.addAndGet(request.size());
            return topTwo.solve(request);
        };
    }

    private NDArray solve(BatchSolver solver, NDArray thetas) throws Exception {
        return solver.solve(new SolveRequest(thetas, new NDList(), 1));
    }

    @Test
    void lookedUpInstancesGetTheBestCachedSolution() throws Exception {
        CachingSolver cache = new CachingSolver(countingTopTwo(), 0.25, false, 100);
        solve(cache, manager.randomNormal(new Shape(40, 6)));
        assertEquals(40, solved.get(), "an empty cache solves everything");
        float[] cached = solve(cache, manager.randomNormal(new Shape(200, 6))).toFloatArray();
        int lookedUp = 200 - (solved.get() - 40);
        // About a quarter solved: 50 ± 5·√(200·0.25·0.75) instances.
        assertTrue(Math.abs(200 - lookedUp - 50) < 5 * Math.sqrt(37.5), "solved " + (200 - lookedUp));
        assertTrue(cache.size() <= 15, "at most C(6, 2) distinct solutions");
    }

    @Test
    void cachedAnswerMaximisesOrMinimisesOverTheCache() throws Exception {
        for (boolean minimizing : new boolean[] {false, true}) {
            CachingSolver cache = new CachingSolver(countingTopTwo(), 1e-6, minimizing, 100);
            NDArray warmUp = manager.randomNormal(new Shape(30, 6));
            float[] known = solve(cache, warmUp).toFloatArray();
            NDArray thetas = manager.randomNormal(new Shape(50, 6));
            float[] answers = solve(cache, thetas).toFloatArray();
            float[] theta = thetas.toFloatArray();
            for (int row = 0; row < 50; row++) {
                double best = minimizing ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 30; c++) {
                    double score = dot(theta, row, known, c);
                    best = minimizing ? Math.min(best, score) : Math.max(best, score);
                }
                assertEquals(best, dot(theta, row, answers, row), 1e-5, "row " + row);
            }
        }
    }

    @Test
    void capacityKeepsTheMostRecentSolutions() throws Exception {
        CachingSolver cache = new CachingSolver(countingTopTwo(), 1.0, false, 3);
        solve(cache, manager.randomNormal(new Shape(100, 6)));
        assertEquals(3, cache.size());
    }

    @Test
    void ratioOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CachingSolver(countingTopTwo(), 0, false, 10));
        assertThrows(IllegalArgumentException.class, () -> new CachingSolver(countingTopTwo(), 1.5, false, 10));
    }

    private static double dot(float[] theta, int thetaRow, float[] solutions, int solutionRow) {
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += theta[thetaRow * 6 + i] * solutions[solutionRow * 6 + i];
        }
        return sum;
    }
}

package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * As {@link #countingTopTwo()}, also recording every solution it returns, in order, and the instances it solves
     * by their numbers in the cache's call.
     */
    private BatchSolver recordingTopTwo(List<float[]> returned, Set<Integer> solvedInstances) {
        BatchSolver topTwo = countingTopTwo();
        return request -> {
            NDArray solutions = topTwo.solve(request);
            float[] flat = solutions.toFloatArray();
            for (int row = 0; row < request.size(); row++) {
                returned.add(Arrays.copyOfRange(flat, row * 6, row * 6 + 6));
                solvedInstances.add(request.instanceIndex(row));
            }
            return solutions;
        };
    }

    /**
     * The most recently returned {@code capacity} distinct solutions, from {@code returned} in order: what the cache
     * must hold.
     */
    private static List<float[]> mostRecent(List<float[]> returned, int capacity) {
        Map<List<Float>, float[]> recent = new LinkedHashMap<>();
        for (float[] solution : returned) {
            List<Float> key = new ArrayList<>();
            for (float value : solution) {
                key.add(value);
            }
            recent.remove(key);
            recent.put(key, solution);
        }
        List<float[]> all = new ArrayList<>(recent.values());
        return all.subList(Math.max(0, all.size() - capacity), all.size());
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

    /**
     * Calls after the first add their new solutions to the device copy row by row, evicting the solution seen longest
     * ago: the instances looked up get the best of exactly the most recent {@code capacity} distinct solutions.
     */
    @Test
    void addedAndEvictedSolutionsAreWhatLookupsSee() throws Exception {
        for (int capacity : new int[] {4, 100}) {
            List<float[]> returned = new ArrayList<>();
            Set<Integer> solvedInstances = new HashSet<>();
            BatchSolver recording = recordingTopTwo(returned, solvedInstances);
            try (CachingSolver cache = new CachingSolver(recording, 0.5, false, capacity)) {
                for (int call = 0; call < 6; call++) {
                    solve(cache, manager.randomNormal(new Shape(20, 6)));
                }
                List<float[]> expected = mostRecent(returned, capacity);
                assertEquals(expected.size(), cache.size(), "capacity " + capacity);
                NDArray thetas = manager.randomNormal(new Shape(40, 6));
                solvedInstances.clear();
                float[] answers = solve(cache, thetas).toFloatArray();
                assertBestOfLookedUp(mostRecent(returned, capacity), solvedInstances, thetas.toFloatArray(), answers);
            }
        }
    }

    /** The instances not solved were looked up: they get the best of the cache. */
    private static void assertBestOfLookedUp(List<float[]> cached, Set<Integer> solved, float[] theta,
            float[] answers) {
        int rows = answers.length / 6;
        assertTrue(solved.size() < rows, "some instances must be looked up");
        for (int row = 0; row < rows; row++) {
            if (!solved.contains(row)) {
                double best = Double.NEGATIVE_INFINITY;
                for (float[] solution : cached) {
                    best = Math.max(best, dot(theta, row, solution, 0));
                }
                assertEquals(best, dot(theta, row, answers, row), 1e-5, "row " + row);
            }
        }
    }

    /** A checkpoint puts back the solutions and their ages: the next answers are those of a cache that never saw. */
    @Test
    void checkpointUndoesTheCallsAfterIt() throws Exception {
        List<float[]> returned = new ArrayList<>();
        Set<Integer> solvedInstances = new HashSet<>();
        try (CachingSolver kept = new CachingSolver(recordingTopTwo(returned, solvedInstances), 0.5, false, 5);
                CachingSolver undone = new CachingSolver(countingTopTwo(), 0.5, false, 5)) {
            NDArray first = manager.randomNormal(new Shape(30, 6));
            solve(kept, first);
            solve(undone, first);
            Object step = new Object();
            Runnable restore = undone.checkpoint(step);
            solve(undone, manager.randomNormal(new Shape(30, 6)));
            solve(undone, manager.randomNormal(new Shape(30, 6)));
            restore.run();
            assertEquals(kept.size(), undone.size());
            NDArray probe = manager.randomNormal(new Shape(50, 6));
            Engine.getInstance().setRandomSeed(3);
            float[] expected = solve(kept, probe).toFloatArray();
            Engine.getInstance().setRandomSeed(3);
            assertArrayEquals(expected, solve(undone, probe).toFloatArray());
        }
    }

    /** A checkpoint restored after another step began (another thread's) leaves the cache as it is. */
    @Test
    void checkpointOfAnEndedStepChangesNothing() throws Exception {
        try (CachingSolver cache = new CachingSolver(countingTopTwo(), 0.5, false, 50)) {
            Runnable ended = cache.checkpoint(new Object());
            solve(cache, manager.randomNormal(new Shape(30, 12)));
            Runnable current = cache.checkpoint(new Object());
            int size = cache.size();
            ended.run();
            assertEquals(size, cache.size());
            solve(cache, manager.randomNormal(new Shape(30, 12)));
            assertTrue(cache.size() > size, "the second call must add solutions (top-2 of 12: 66 of them)");
            current.run();
            assertEquals(size, cache.size(), "the current step's checkpoint still works");
        }
    }

    /**
     * The device copy lives in a sub-manager of the manager given: closing that manager frees it, and the next
     * manager gets the same solutions, so the answers do not change.
     */
    @Test
    void cacheMovesToTheNextManagerWithItsSolutions() throws Exception {
        try (CachingSolver moved = new CachingSolver(countingTopTwo(), 0.25, false, 100);
                CachingSolver stayed = new CachingSolver(countingTopTwo(), 0.25, false, 100)) {
            NDManager first = manager.newSubManager();
            moved.keepIn(first);
            NDArray warmUp = manager.randomNormal(new Shape(30, 6));
            solve(moved, warmUp);
            solve(stayed, warmUp);
            NDArray thetas = manager.randomNormal(new Shape(30, 6));
            Engine.getInstance().setRandomSeed(4);
            solve(moved, thetas);
            Engine.getInstance().setRandomSeed(4);
            solve(stayed, thetas);
            first.close();
            moved.keepIn(manager.newSubManager());
            NDArray probe = manager.randomNormal(new Shape(50, 6));
            Engine.getInstance().setRandomSeed(5);
            float[] expected = solve(stayed, probe).toFloatArray();
            Engine.getInstance().setRandomSeed(5);
            assertArrayEquals(expected, solve(moved, probe).toFloatArray());
        }
    }

    private static double dot(float[] theta, int thetaRow, float[] solutions, int solutionRow) {
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += theta[thetaRow * 6 + i] * solutions[solutionRow * 6 + i];
        }
        return sum;
    }
}

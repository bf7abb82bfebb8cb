package org.imle4j.ortools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.imle4j.runtime.solvers.Knapsack;
import org.junit.jupiter.api.Test;

/** Both OR-Tools knapsack solvers against brute force, the runtime's DP, failures and concurrent callers. */
class KnapsackSolversTest {
    /** A selection's value within a proven optimum: float objective coefficients summed exactly in double. */
    private static final double MIP_TOLERANCE = 1e-6;
    /** CP-SAT scales a real objective to integers with relative precision about 1e-6 of Σ|values| ≤ 30 here. */
    private static final double CP_SAT_TOLERANCE = 1e-4;

    /** A solver under test, throwing what the OR-Tools classes throw. */
    private interface Solver {
        int[] select(float[] values, int[][] weights, int[] capacities) throws Exception;
    }

    private static double value(float[] values, int[] z) {
        double total = 0;
        for (int j = 0; j < values.length; j++) {
            total += (double) values[j] * z[j];
        }
        return total;
    }

    private static boolean fits(int[][] weights, int[] capacities, int[] z) {
        for (int i = 0; i < capacities.length; i++) {
            long load = 0;
            for (int j = 0; j < z.length; j++) {
                load += (long) weights[i][j] * z[j];
            }
            if (load > capacities[i]) {
                return false;
            }
        }
        return true;
    }

    /** The best value over all 2ⁿ selections, or NaN when none fits. */
    private static double bruteForce(float[] values, int[][] weights, int[] capacities) {
        double best = Double.NaN;
        int n = values.length;
        for (int mask = 0; mask < 1 << n; mask++) {
            int[] z = new int[n];
            for (int j = 0; j < n; j++) {
                z[j] = mask >> j & 1;
            }
            if (fits(weights, capacities, z) && !(value(values, z) <= best)) {
                best = value(values, z);
            }
        }
        return best;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int j = 0; j < n; j++) {
            values[j] = (float) random.nextGaussian();
        }
        return values;
    }

    private static int[][] weights(Random random, int m, int n, int low, int high) {
        int[][] weights = new int[m][n];
        for (int[] row : weights) {
            for (int j = 0; j < n; j++) {
                row[j] = low + random.nextInt(high - low + 1);
            }
        }
        return weights;
    }

    private static void checkAgainstBruteForce(Solver solver, double tolerance) throws Exception {
        Random random = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + random.nextInt(10);
            int m = 1 + random.nextInt(3);
            float[] values = gaussian(random, n);
            // Some negative weights, so that an item can make room in a dimension.
            int[][] weights = weights(random, m, n, -2, 9);
            int[] capacities = new int[m];
            for (int i = 0; i < m; i++) {
                capacities[i] = random.nextInt(26);
            }
            int[] z = solver.select(values, weights, capacities);
            assertEquals(n, z.length);
            assertTrue(fits(weights, capacities, z), "trial " + trial + ": the selection exceeds a capacity");
            assertEquals(bruteForce(values, weights, capacities), value(values, z), tolerance, "trial " + trial);
        }
    }

    @Test
    void theMipFindsTheBruteForceOptimum() throws Exception {
        checkAgainstBruteForce(new KnapsackMip()::select, MIP_TOLERANCE);
    }

    @Test
    void cpSatFindsTheBruteForceOptimum() throws Exception {
        checkAgainstBruteForce(new KnapsackCpSat()::select, CP_SAT_TOLERANCE);
    }

    @Test
    void oneDimensionAgreesWithTheRuntimesDynamicProgramme() throws Exception {
        Random random = new Random(11);
        KnapsackMip mip = new KnapsackMip();
        KnapsackCpSat cpSat = new KnapsackCpSat();
        for (int trial = 0; trial < 20; trial++) {
            int n = 20 + random.nextInt(20);
            float[] values = gaussian(random, n);
            int[][] weights = weights(random, 1, n, 1, 30);
            int[] capacities = {random.nextInt(200)};
            double optimum = value(values, Knapsack.select(values, weights[0], capacities[0]));
            assertEquals(optimum, value(values, mip.select(values, weights, capacities)), MIP_TOLERANCE);
            assertEquals(optimum, value(values, cpSat.select(values, weights, capacities)), CP_SAT_TOLERANCE);
        }
    }

    @Test
    void anInfeasibleInstanceThrowsInsteadOfReturningASelection() {
        float[] values = {1, 2, 3};
        int[][] weights = {{1, 1, 1}, {2, 0, 1}};
        int[] capacities = {3, -1};
        IllegalStateException mip = assertThrows(IllegalStateException.class,
                () -> new KnapsackMip().select(values, weights, capacities));
        assertTrue(mip.getMessage().contains("infeasible"), mip.getMessage());
        IllegalStateException cpSat = assertThrows(IllegalStateException.class,
                () -> new KnapsackCpSat().select(values, weights, capacities));
        assertTrue(cpSat.getMessage().contains("infeasible"), cpSat.getMessage());
    }

    /**
     * A correlated 5-dimensional instance of 300 items: neither solver proves it optimal within 1 ms, so each must
     * throw rather than return the selection it has.
     */
    @Test
    void aSolveStoppedByItsTimeLimitThrows() {
        Random random = new Random(5);
        int n = 300;
        int[][] weights = weights(random, 5, n, 100, 1000);
        float[] values = new float[n];
        int[] capacities = new int[5];
        for (int j = 0; j < n; j++) {
            for (int[] row : weights) {
                values[j] += row[j] / 5f;
            }
            values[j] += 50 * (float) random.nextDouble();
        }
        for (int i = 0; i < 5; i++) {
            for (int w : weights[i]) {
                capacities[i] += w / 2;
            }
        }
        TimeoutException mip = assertThrows(TimeoutException.class,
                () -> new KnapsackMip(1).select(values, weights, capacities));
        assertTrue(mip.getMessage().contains("time limit of 1 ms"), mip.getMessage());
        TimeoutException cpSat = assertThrows(TimeoutException.class,
                () -> new KnapsackCpSat(1).select(values, weights, capacities));
        assertTrue(cpSat.getMessage().contains("time limit of 1 ms"), cpSat.getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new KnapsackMip(-1));
        assertThrows(IllegalArgumentException.class, () -> new KnapsackCpSat(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new KnapsackMip().select(new float[] {1, 2}, new int[][] {{1}}, new int[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new KnapsackCpSat().select(new float[] {1}, new int[][] {{1}}, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new KnapsackMip().select(new float[] {Float.NaN}, new int[][] {{1}}, new int[] {1}));
    }

    @Test
    void mipSolvesConcurrentlyAsFreshModelsDoWithOneModelPerThread() throws Exception {
        KnapsackMip shared = new KnapsackMip();
        checkConcurrently(shared::select, () -> new KnapsackMip()::select, shared::cachedModels);
    }

    @Test
    void cpSatSolvesConcurrentlyAsFreshModelsDoWithOneModelPerThread() throws Exception {
        KnapsackCpSat shared = new KnapsackCpSat();
        checkConcurrently(shared::select, () -> new KnapsackCpSat()::select, shared::cachedModels);
    }

    /** The calling thread's number of cached models. */
    private interface ModelCount {
        int get();
    }

    /** A fresh solver, its own models built for the one call it makes. */
    private interface FreshSolver {
        Solver get();
    }

    /**
     * Eight threads start together and each makes 16 calls on the shared solver, with the constraint data of the
     * layer and objectives of their own; every selection equals a fresh solver's, and every thread holds one model.
     */
    private static void checkConcurrently(Solver shared, FreshSolver fresh, ModelCount models) throws Exception {
        int threads = 8;
        int calls = 16;
        Random random = new Random(3);
        int n = 32;
        int[][] weights = weights(random, 2, n, 300, 799);
        int[] capacities = {weights[0].length * 250, weights[1].length * 250};
        float[][][] objectives = new float[threads][calls][];
        for (float[][] mine : objectives) {
            for (int c = 0; c < calls; c++) {
                mine[c] = gaussian(random, n);
            }
        }
        CountDownLatch start = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[][]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                float[][] mine = objectives[t];
                results.add(pool.submit((Callable<int[][]>) () -> {
                    start.countDown();
                    start.await();
                    int[][] selections = new int[calls][];
                    for (int c = 0; c < calls; c++) {
                        // Each thread passes copies: the cache compares constraint data by content.
                        int[][] rows = {weights[0].clone(), weights[1].clone()};
                        selections[c] = shared.select(mine[c], rows, capacities.clone());
                    }
                    assertEquals(1, models.get(), "one model per thread for one constraint data");
                    return selections;
                }));
            }
            for (int t = 0; t < threads; t++) {
                int[][] selections = results.get(t).get();
                for (int c = 0; c < calls; c++) {
                    assertArrayEquals(fresh.get().select(objectives[t][c], weights, capacities), selections[c],
                            "thread " + t + ", call " + c);
                }
            }
        } finally {
            pool.shutdown();
        }
        int[][] other = {{1, 2, 3}};
        shared.select(new float[] {1, 1, 1}, other, new int[] {3});
        shared.select(new float[] {1, 1, 1}, weights(new Random(1), 2, 3, 1, 3), new int[] {2, 2});
        assertEquals(2, models.get(), "a thread builds one model per constraint data");
    }
}

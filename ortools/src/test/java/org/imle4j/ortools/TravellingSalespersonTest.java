package org.imle4j.ortools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** CP-SAT's tours against brute force, its failures, the policy for unproven tours, and concurrent use. */
class TravellingSalespersonTest {

    @Test
    void toursMatchBruteForceOnUpToEightNodes() {
        Random random = new Random(15);
        for (int nodes = 3; nodes <= 8; nodes++) {
            TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(nodes).build();
            for (int trial = 0; trial < 4; trial++) {
                // Negative costs too: perturbed costs are, and nothing may be clamped.
                float[] costs = randomCosts(random, nodes, trial % 2 == 0 ? 0f : -5f);
                int[] tour = solver.tour(costs);
                assertTour(tour, nodes);
                assertEquals(BruteForce.cheapest(costs, nodes), cost(costs, tour), tolerance(costs, nodes),
                        nodes + " nodes, trial " + trial);
            }
        }
    }

    @Test
    void theOnlyCheapestTourIsFoundExactly() {
        int nodes = 6;
        float[] costs = new float[TravellingSalesperson.edgeCount(nodes)];
        Arrays.fill(costs, 10f);
        int[] expected = new int[costs.length];
        int[] order = {0, 2, 4, 1, 3, 5};
        for (int k = 0; k < nodes; k++) {
            int edge = TravellingSalesperson.edgeIndex(order[k], order[(k + 1) % nodes], nodes);
            costs[edge] = 1f;
            expected[edge] = 1;
        }
        assertArrayEquals(expected, TravellingSalesperson.builder().setNodes(nodes).build().tour(costs));
    }

    @Test
    void aTimeLimitReachedBeforeAnyTourThrowsNamingTheStatus() {
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(30).optMaxSeconds(1e-9).build();
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> solver.tour(randomCosts(new Random(1), 30, 0f)));
        assertTrue(failure.getMessage().contains("status UNKNOWN"), failure.getMessage());
        assertTrue(failure.getMessage().contains("time limit 1.0E-9 s"), failure.getMessage());
    }

    @Test
    void anUnprovenTourIsReturnedAndCountedUnderTheReturnPolicy() {
        int nodes = 15;
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(nodes)
                .optNotProvenOptimal(TravellingSalesperson.NotProvenOptimal.RETURN_BEST_TOUR)
                .optParameters(settings -> settings.setStopAfterFirstSolution(true)).build();
        float[] costs = randomCosts(new Random(2), nodes, 0f);
        int[] tour = solver.tour(costs);
        assertTour(tour, nodes);
        assertEquals(1, solver.unprovenTours());
        TravellingSalesperson exact = TravellingSalesperson.builder().setNodes(nodes).build();
        assertTrue(cost(costs, exact.tour(costs)) <= cost(costs, tour) + tolerance(costs, nodes));
        assertEquals(0, exact.unprovenTours());
    }

    @Test
    void anUnprovenTourFailsByDefault() {
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(15)
                .optParameters(settings -> settings.setStopAfterFirstSolution(true)).build();
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> solver.tour(randomCosts(new Random(2), 15, 0f)));
        assertTrue(failure.getMessage().contains("status FEASIBLE"), failure.getMessage());
        assertTrue(failure.getMessage().contains("optNotProvenOptimal(RETURN_BEST_TOUR)"), failure.getMessage());
    }

    @Test
    void badCostsAreRefusedNamingTheEntry() {
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(4).build();
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> solver.tour(new float[5]));
        assertTrue(length.getMessage().contains("length 5") && length.getMessage().contains("6 edges"),
                length.getMessage());
        float[] costs = new float[6];
        costs[3] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> solver.tour(costs));
        assertTrue(nan.getMessage().contains("edgeCosts[3] is NaN"), nan.getMessage());
    }

    @Test
    void theBuilderRefusesSettingsOutOfRange() {
        assertRefused(TravellingSalesperson.builder(), "nodes is 0");
        assertRefused(TravellingSalesperson.builder().setNodes(2), "nodes is 2");
        assertRefused(TravellingSalesperson.builder().setNodes(4).optMaxSeconds(-1), "maxSeconds is -1.0");
        assertRefused(TravellingSalesperson.builder().setNodes(4).optMaxSeconds(Double.NaN), "maxSeconds is NaN");
        assertRefused(TravellingSalesperson.builder().setNodes(4).optWorkers(0), "workers is 0");
        assertRefused(TravellingSalesperson.builder().setNodes(4).optNotProvenOptimal(null), "notProvenOptimal");
        assertRefused(TravellingSalesperson.builder().setNodes(4).optParameters(null), "parameters");
    }

    @Test
    void edgeIndicesListTheUpperTriangleRowByRow() {
        int nodes = 5;
        int expected = 0;
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                assertEquals(expected, TravellingSalesperson.edgeIndex(i, j, nodes));
                assertEquals(expected++, TravellingSalesperson.edgeIndex(j, i, nodes));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TravellingSalesperson.edgeIndex(2, 2, nodes));
        assertThrows(IllegalArgumentException.class, () -> TravellingSalesperson.edgeIndex(0, 5, nodes));
    }

    @Test
    void oneSolverServesManyThreadsAtOnce() throws Exception {
        int nodes = 7;
        TravellingSalesperson shared = TravellingSalesperson.builder().setNodes(nodes).build();
        Random random = new Random(3);
        List<float[]> instances = new ArrayList<>();
        for (int k = 0; k < 48; k++) {
            instances.add(randomCosts(random, nodes, -2f));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> tours = new ArrayList<>();
            for (float[] costs : instances) {
                tours.add(threads.submit(() -> shared.tour(costs)));
            }
            for (int k = 0; k < instances.size(); k++) {
                float[] costs = instances.get(k);
                int[] tour = tours.get(k).get();
                assertTour(tour, nodes);
                assertEquals(BruteForce.cheapest(costs, nodes), cost(costs, tour), tolerance(costs, nodes),
                        "instance " + k);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    static float[] randomCosts(Random random, int nodes, float low) {
        float[] costs = new float[TravellingSalesperson.edgeCount(nodes)];
        for (int edge = 0; edge < costs.length; edge++) {
            costs[edge] = low + 10f * random.nextFloat();
        }
        return costs;
    }

    static double cost(float[] costs, int[] tour) {
        double total = 0;
        for (int edge = 0; edge < costs.length; edge++) {
            total += costs[edge] * (double) tour[edge];
        }
        return total;
    }

    /** The rounding of costs to CP-SAT's integers: up to max|θ|·2⁻²⁴ on each of the tour's n edges, and float sums. */
    static double tolerance(float[] costs, int nodes) {
        double largest = 0;
        for (float cost : costs) {
            largest = Math.max(largest, Math.abs(cost));
        }
        return 2 * nodes * largest * Math.scalb(1.0, -23);
    }

    /** A Hamiltonian cycle: n edges, every node of degree 2, and one component. */
    static void assertTour(int[] tour, int nodes) {
        int[] degree = new int[nodes];
        int[][] neighbours = new int[nodes][2];
        int edges = 0;
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                int z = tour[TravellingSalesperson.edgeIndex(i, j, nodes)];
                assertTrue(z == 0 || z == 1, "edge " + i + "-" + j + " has indicator " + z);
                if (z == 1) {
                    edges++;
                    assertTrue(degree[i] < 2 && degree[j] < 2, "a node of degree above 2 at edge " + i + "-" + j);
                    neighbours[i][degree[i]++] = j;
                    neighbours[j][degree[j]++] = i;
                }
            }
        }
        assertEquals(nodes, edges, "edges of the tour");
        int previous = 0;
        int current = neighbours[0][0];
        int length = 1;
        while (current != 0) {
            int next = neighbours[current][0] == previous ? neighbours[current][1] : neighbours[current][0];
            previous = current;
            current = next;
            length++;
        }
        assertEquals(nodes, length, "the tour is one cycle through every node");
    }

    private static void assertRefused(TravellingSalesperson.Builder builder, String fragment) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(failure.getMessage().contains(fragment), failure.getMessage());
    }
}

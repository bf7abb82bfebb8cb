package org.imle4j.runtime.solvers;

import static org.imle4j.runtime.testing.Failures.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridDagShortestPathTest {
    private static final int[][] SHAPES = {{1, 1}, {1, 4}, {4, 1}, {2, 5}, {3, 3}, {4, 4}, {5, 2}, {5, 5}};

    @Test
    void aFiveByFiveGridHasFortyArcsInPyEpoOrder() {
        assertEquals(40, GridDagShortestPath.arcCount(5, 5));
        int[][] arcs = GridDagShortestPath.arcList(5, 5);
        assertArrayEquals(new int[] {0, 1}, arcs[0]);
        assertArrayEquals(new int[] {3, 4}, arcs[3]);
        assertArrayEquals(new int[] {0, 5}, arcs[4]);
        assertArrayEquals(new int[] {4, 9}, arcs[8]);
        assertArrayEquals(new int[] {5, 6}, arcs[9]);
        assertArrayEquals(new int[] {23, 24}, arcs[39]);
    }

    @Test
    void arcListMatchesPyEpoArcOrderOnEveryShape() {
        for (int rows = 1; rows <= 6; rows++) {
            for (int cols = 1; cols <= 6; cols++) {
                int[][] expected = pyEpoArcs(rows, cols);
                assertEquals(expected.length, GridDagShortestPath.arcCount(rows, cols), rows + "x" + cols);
                assertArrayEquals(expected, GridDagShortestPath.arcList(rows, cols), rows + "x" + cols);
            }
        }
    }

    @Test
    void matchesEnumerationOfAllMonotonePaths() {
        Random random = new Random(41);
        for (int instance = 0; instance < 480; instance++) {
            int[] shape = SHAPES[instance % SHAPES.length];
            int rows = shape[0];
            int cols = shape[1];
            List<int[]> allPaths = monotonePaths(rows, cols);
            float[] arcCosts = randomCosts(random, pyEpoArcs(rows, cols).length);
            int[] z = GridDagShortestPath.arcs(arcCosts, rows, cols);
            String context = "instance " + instance + ", " + rows + "x" + cols + ", costs "
                    + Arrays.toString(arcCosts);

            assertTrue(allPaths.stream().anyMatch(path -> Arrays.equals(path, z)),
                    context + ": " + Arrays.toString(z) + " is not a path from the first to the last node");
            double best = allPaths.stream().mapToDouble(path -> objective(path, arcCosts)).min().orElseThrow();
            assertEquals(best, objective(z, arcCosts), 1e-4 * Math.max(1, Math.abs(best)), context);
        }
    }

    @Test
    void onEqualCostsEntersEveryNodeFromTheLeft() {
        // Arcs of a 2x3 grid: 0:(0,1) 1:(1,2) 2:(0,3) 3:(1,4) 4:(2,5) 5:(3,4) 6:(4,5); down first, then right.
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 1, 1}, GridDagShortestPath.arcs(new float[7], 2, 3));
    }

    @Test
    void rejectsCostsOfTheWrongLength() {
        assertRejects("arcCosts has length 39 but a 5x5 grid has 40 arcs",
                () -> GridDagShortestPath.arcs(new float[39], 5, 5));
    }

    @Test
    void rejectsAGridWithoutRows() {
        assertRejects("rows is 0", () -> GridDagShortestPath.arcCount(0, 3));
    }

    @Test
    void rejectsNaNNamingItsArc() {
        float[] arcCosts = new float[12];
        arcCosts[7] = Float.NaN;
        assertRejects("arcCosts[7] is NaN", () -> GridDagShortestPath.arcs(arcCosts, 3, 3));
    }

    /** PyEPO's {@code shortestPathModel._getArcs}, transcribed loop for loop. */
    private static int[][] pyEpoArcs(int rows, int cols) {
        List<int[]> arcs = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols - 1; j++) {
                int v = i * cols + j;
                arcs.add(new int[] {v, v + 1});
            }
            if (i == rows - 1) {
                continue;
            }
            for (int j = 0; j < cols; j++) {
                int v = i * cols + j;
                arcs.add(new int[] {v, v + cols});
            }
        }
        return arcs.toArray(new int[0][]);
    }

    /** The arc indicator of every right/down path from the first node to the last. */
    private static List<int[]> monotonePaths(int rows, int cols) {
        int[][] arcs = pyEpoArcs(rows, cols);
        Map<Long, Integer> arcIndex = new HashMap<>();
        for (int a = 0; a < arcs.length; a++) {
            arcIndex.put((long) arcs[a][0] * rows * cols + arcs[a][1], a);
        }
        List<int[]> paths = new ArrayList<>();
        collectPaths(0, new int[arcs.length], rows, cols, arcIndex, paths);
        return paths;
    }

    private static void collectPaths(
            int node, int[] indicator, int rows, int cols, Map<Long, Integer> arcIndex, List<int[]> paths) {
        if (node == rows * cols - 1) {
            paths.add(indicator.clone());
            return;
        }
        if (node % cols < cols - 1) {
            follow(node, node + 1, indicator, rows, cols, arcIndex, paths);
        }
        if (node / cols < rows - 1) {
            follow(node, node + cols, indicator, rows, cols, arcIndex, paths);
        }
    }

    private static void follow(int from, int to, int[] indicator, int rows, int cols, Map<Long, Integer> arcIndex,
            List<int[]> paths) {
        int arc = arcIndex.get((long) from * rows * cols + to);
        indicator[arc] = 1;
        collectPaths(to, indicator, rows, cols, arcIndex, paths);
        indicator[arc] = 0;
    }

    private static double objective(int[] z, float[] arcCosts) {
        double total = 0;
        for (int arc = 0; arc < z.length; arc++) {
            total += z[arc] * arcCosts[arc];
        }
        return total;
    }

    /** Costs in [−2, 3), small integers half of the time so that ties are common. */
    private static float[] randomCosts(Random random, int arcs) {
        boolean withTies = random.nextBoolean();
        float[] costs = new float[arcs];
        for (int arc = 0; arc < arcs; arc++) {
            costs[arc] = withTies ? random.nextInt(5) - 2 : random.nextFloat() * 5 - 2;
        }
        return costs;
    }
}

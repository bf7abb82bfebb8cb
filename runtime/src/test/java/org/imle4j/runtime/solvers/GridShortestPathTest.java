package org.imle4j.runtime.solvers;

import static org.imle4j.runtime.testing.Failures.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridShortestPathTest {
    private static final int[][] SMALL_SHAPES = {
        {1, 1}, {1, 4}, {4, 1}, {2, 2}, {2, 3}, {3, 3}, {2, 6}, {3, 4}, {4, 3}
    };
    private static final int[][] LARGER_SHAPES = {{4, 4}, {5, 5}, {4, 7}, {7, 7}, {6, 3}};

    @Test
    void matchesExhaustiveSimplePathEnumerationOnSmallGrids() {
        Random random = new Random(31);
        for (int instance = 0; instance < 450; instance++) {
            int[] shape = SMALL_SHAPES[instance % SMALL_SHAPES.length];
            float[][] cost = randomCosts(random, shape[0], shape[1]);
            int[][] z = GridShortestPath.vertexWeighted(cost);
            String context = "instance " + instance + ", cost " + Arrays.deepToString(cost);

            assertIsPathFromCornerToCorner(z, context);
            double best = new SimplePathSearch(cost).cheapestCost();
            assertEquals(best, pathCost(z, cost), 1e-4 * Math.max(1, Math.abs(best)), context);
        }
    }

    @Test
    void matchesFloydWarshallOnLargerGrids() {
        Random random = new Random(32);
        for (int instance = 0; instance < 250; instance++) {
            int[] shape = LARGER_SHAPES[instance % LARGER_SHAPES.length];
            float[][] cost = randomCosts(random, shape[0], shape[1]);
            int[][] z = GridShortestPath.vertexWeighted(cost);
            String context = "instance " + instance + ", cost " + Arrays.deepToString(cost);

            assertIsPathFromCornerToCorner(z, context);
            double best = floydWarshallCost(cost);
            assertEquals(best, pathCost(z, cost), 1e-4 * Math.max(1, Math.abs(best)), context);
        }
    }

    @Test
    void takesTheDiagonalWhenAllCellsCostTheSame() {
        float[][] cost = new float[4][4];
        for (float[] row : cost) {
            Arrays.fill(row, 1f);
        }
        int[][] diagonal = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        assertArrayEquals(diagonal, GridShortestPath.vertexWeighted(cost));
    }

    @Test
    void doesNotDetourThroughNegativeCellsBecauseTheyCostZero() {
        // Summed as given, the detour through both negative cells would be cheaper than the diagonal step.
        float[][] cost = {{1f, -3f}, {-3f, 1f}};
        assertArrayEquals(new int[][] {{1, 0}, {0, 1}}, GridShortestPath.vertexWeighted(cost));
    }

    @Test
    void rejectsAGridWithoutRows() {
        assertRejects("cost has no rows", () -> GridShortestPath.vertexWeighted(new float[0][]));
    }

    @Test
    void rejectsAGridWithEmptyRows() {
        assertRejects("cost has empty rows", () -> GridShortestPath.vertexWeighted(new float[2][0]));
    }

    @Test
    void rejectsARaggedGrid() {
        assertRejects("cost is ragged: cost[1] has length 1",
                () -> GridShortestPath.vertexWeighted(new float[][] {{1f, 2f}, {3f}}));
    }

    @Test
    void rejectsNaNNamingItsCell() {
        assertRejects("cost[1][0] is NaN",
                () -> GridShortestPath.vertexWeighted(new float[][] {{1f, 2f}, {Float.NaN, 3f}}));
    }

    @Test
    void rejectsInfiniteCosts() {
        assertRejects("costs must be finite",
                () -> GridShortestPath.vertexWeighted(new float[][] {{1f, Float.POSITIVE_INFINITY}}));
    }

    /** Costs in [−1, 4), small integers half of the time so that ties are common; negative ones count as 0. */
    private static float[][] randomCosts(Random random, int rows, int columns) {
        boolean withTies = random.nextBoolean();
        float[][] cost = new float[rows][columns];
        for (float[] row : cost) {
            for (int column = 0; column < columns; column++) {
                row[column] = withTies ? random.nextInt(5) - 1 : random.nextFloat() * 5 - 1;
            }
        }
        return cost;
    }

    private static double clamped(float cost) {
        return Math.max(cost, 0f);
    }

    private static double pathCost(int[][] z, float[][] cost) {
        double total = 0;
        for (int row = 0; row < z.length; row++) {
            for (int column = 0; column < z[row].length; column++) {
                total += z[row][column] * clamped(cost[row][column]);
            }
        }
        return total;
    }

    private static boolean adjacent(int a, int b, int columns) {
        return a != b && Math.abs(a / columns - b / columns) <= 1 && Math.abs(a % columns - b % columns) <= 1;
    }

    /** The marked cells must be the cells of one simple 8-neighbour path from the top-left to the bottom-right. */
    private static void assertIsPathFromCornerToCorner(int[][] z, String context) {
        int rows = z.length;
        int columns = z[0].length;
        boolean[] marked = new boolean[rows * columns];
        int markedCount = 0;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                assertTrue(z[row][column] == 0 || z[row][column] == 1, context);
                marked[row * columns + column] = z[row][column] == 1;
                markedCount += z[row][column];
            }
        }
        assertTrue(marked[0] && marked[rows * columns - 1], context + ": the corners must be on the path");
        boolean[] visited = new boolean[marked.length];
        visited[0] = true;
        assertTrue(coversMarkedCells(0, 1, markedCount, marked, visited, columns),
                context + ": the marked cells do not form one path");
    }

    /** Whether a simple path through exactly the marked cells continues from cell to the bottom-right cell. */
    private static boolean coversMarkedCells(
            int cell, int visitedCount, int markedCount, boolean[] marked, boolean[] visited, int columns) {
        if (cell == marked.length - 1) {
            return visitedCount == markedCount;
        }
        for (int next = 0; next < marked.length; next++) {
            if (marked[next] && !visited[next] && adjacent(cell, next, columns)) {
                visited[next] = true;
                boolean found = coversMarkedCells(next, visitedCount + 1, markedCount, marked, visited, columns);
                visited[next] = false;
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Depth-first enumeration of every simple path from the top-left to the bottom-right cell. */
    private static final class SimplePathSearch {
        private final float[][] cost;
        private final int columns;
        private final int cells;
        private final boolean[] onPath;
        private double cheapest = Double.POSITIVE_INFINITY;

        SimplePathSearch(float[][] cost) {
            this.cost = cost;
            this.columns = cost[0].length;
            this.cells = cost.length * columns;
            this.onPath = new boolean[cells];
        }

        double cheapestCost() {
            onPath[0] = true;
            extend(0, clamped(cost[0][0]));
            return cheapest;
        }

        private void extend(int cell, double costSoFar) {
            if (cell == cells - 1) {
                cheapest = Math.min(cheapest, costSoFar);
                return;
            }
            for (int next = 0; next < cells; next++) {
                if (!onPath[next] && adjacent(cell, next, columns)) {
                    onPath[next] = true;
                    extend(next, costSoFar + clamped(cost[next / columns][next % columns]));
                    onPath[next] = false;
                }
            }
        }
    }

    /** All-pairs shortest paths where stepping onto a cell costs that cell; the first cell is paid separately. */
    private static double floydWarshallCost(float[][] cost) {
        int columns = cost[0].length;
        int cells = cost.length * columns;
        double[][] distance = new double[cells][cells];
        for (int from = 0; from < cells; from++) {
            for (int to = 0; to < cells; to++) {
                distance[from][to] = from == to ? 0
                        : adjacent(from, to, columns) ? clamped(cost[to / columns][to % columns])
                        : Double.POSITIVE_INFINITY;
            }
        }
        for (int via = 0; via < cells; via++) {
            for (int from = 0; from < cells; from++) {
                for (int to = 0; to < cells; to++) {
                    distance[from][to] = Math.min(distance[from][to], distance[from][via] + distance[via][to]);
                }
            }
        }
        return clamped(cost[0][0]) + distance[0][cells - 1];
    }
}

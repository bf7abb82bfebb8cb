package org.imle4j.runtime.solvers;

import java.util.Arrays;
import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Structure;

/**
 * Shortest path over the cells of a vertex-weighted grid, as in the Warcraft maps benchmark (Vlastelica et al.,
 * "Differentiation of Blackbox Combinatorial Solvers", ICLR 2020).
 */
public final class GridShortestPath {
    private static final int[] ROW_STEPS = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final int[] COLUMN_STEPS = {-1, 0, 1, -1, 1, -1, 0, 1};

    private GridShortestPath() {
    }

    /**
     * Cells of the cheapest path from the top-left cell to the bottom-right cell, minimising ⟨z, cost⟩.
     *
     * <p>A path moves between 8-neighbours (horizontal, vertical or diagonal steps) and costs the sum of the costs of
     * all its cells, both ends included. Negative costs are treated as 0: Dijkstra's algorithm is only exact for
     * non-negative weights, and perturbed costs can dip below 0. The returned path is simple. Ties are broken
     * deterministically, so equal costs always give the same path.
     *
     * <p>Dijkstra's algorithm with an indexed binary heap over the rows·cols cells: O(rows·cols·log(rows·cols)).
     *
     * @param cost rows × cols cell costs, {@code cost[row][column]}, rows ≥ 1, cols ≥ 1, all rows of equal length;
     *     finite
     * @return z of shape rows × cols with 1 on the cells of the path
     * @throws IllegalArgumentException if the grid is empty or ragged, or a cost is NaN or infinite
     */
    @AimleLayer(name = "GridShortestPathLayer", objective = Objective.MINIMIZE, structure = Structure.BINARY)
    public static int[][] vertexWeighted(float[][] cost) {
        Objects.requireNonNull(cost, "cost");
        int rows = cost.length;
        int columns = requireRectangular(cost);
        int cells = rows * columns;
        float[] clampedCost = new float[cells];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                float value = cost[row][column];
                if (!Float.isFinite(value)) {
                    throw new IllegalArgumentException(
                            "cost[" + row + "][" + column + "] is " + value + "; costs must be finite");
                }
                clampedCost[row * columns + column] = Math.max(value, 0f);
            }
        }

        int target = cells - 1;
        double[] distance = new double[cells];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        int[] predecessor = new int[cells];
        Arrays.fill(predecessor, -1);
        IndexedMinHeap queue = new IndexedMinHeap(distance);
        distance[0] = clampedCost[0];
        queue.insertOrDecrease(0);
        while (!queue.isEmpty()) {
            int cell = queue.pollMin();
            if (cell == target) {
                break;
            }
            int row = cell / columns;
            int column = cell % columns;
            for (int step = 0; step < ROW_STEPS.length; step++) {
                int nextRow = row + ROW_STEPS[step];
                int nextColumn = column + COLUMN_STEPS[step];
                if (nextRow < 0 || nextRow >= rows || nextColumn < 0 || nextColumn >= columns) {
                    continue;
                }
                int next = nextRow * columns + nextColumn;
                double candidate = distance[cell] + clampedCost[next];
                // With non-negative costs a cell already taken from the queue can never pass this test.
                if (candidate < distance[next]) {
                    distance[next] = candidate;
                    predecessor[next] = cell;
                    queue.insertOrDecrease(next);
                }
            }
        }

        int[][] z = new int[rows][columns];
        for (int cell = target; cell != -1; cell = predecessor[cell]) {
            z[cell / columns][cell % columns] = 1;
        }
        return z;
    }

    /** Returns the number of columns after checking that the grid has at least one cell and no ragged rows. */
    private static int requireRectangular(float[][] cost) {
        if (cost.length == 0) {
            throw new IllegalArgumentException("cost has no rows; the grid needs at least one cell");
        }
        for (int row = 0; row < cost.length; row++) {
            if (cost[row] == null) {
                throw new IllegalArgumentException("cost[" + row + "] is null; every row must be an array");
            }
            if (cost[row].length != cost[0].length) {
                throw new IllegalArgumentException("cost is ragged: cost[" + row + "] has length " + cost[row].length
                        + " but cost[0] has length " + cost[0].length + "; all rows must have the same length");
            }
        }
        if (cost[0].length == 0) {
            throw new IllegalArgumentException("cost has empty rows; the grid needs at least one column");
        }
        return cost[0].length;
    }

    /**
     * Binary min-heap of cell indices keyed by a shared distance array, with a position index so that a decreased
     * key is sifted in place instead of inserting a duplicate entry.
     */
    private static final class IndexedMinHeap {
        private final double[] key;
        private final int[] heap;
        private final int[] positionOf;
        private int size;

        IndexedMinHeap(double[] key) {
            this.key = key;
            this.heap = new int[key.length];
            this.positionOf = new int[key.length];
            Arrays.fill(positionOf, -1);
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** Adds the cell, or restores heap order after its key decreased. */
        void insertOrDecrease(int cell) {
            int position = positionOf[cell];
            if (position < 0) {
                position = size++;
            }
            siftUp(cell, position);
        }

        int pollMin() {
            int min = heap[0];
            positionOf[min] = -1;
            size--;
            if (size > 0) {
                siftDown(heap[size], 0);
            }
            return min;
        }

        private void siftUp(int cell, int position) {
            while (position > 0) {
                int parent = (position - 1) / 2;
                if (key[cell] >= key[heap[parent]]) {
                    break;
                }
                place(heap[parent], position);
                position = parent;
            }
            place(cell, position);
        }

        private void siftDown(int cell, int position) {
            while (true) {
                int child = 2 * position + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && key[heap[child + 1]] < key[heap[child]]) {
                    child++;
                }
                if (key[heap[child]] >= key[cell]) {
                    break;
                }
                place(heap[child], position);
                position = child;
            }
            place(cell, position);
        }

        private void place(int cell, int position) {
            heap[position] = cell;
            positionOf[cell] = position;
        }
    }
}

package org.imle4j.runtime.solvers;

import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Structure;

/**
 * Shortest path over the arcs of a grid where one may only move right or down: the shortest-path problem of PyEPO
 * (Tang and Khalil, "PyEPO: A PyTorch-based End-to-End Predict-then-Optimize Library", 2022).
 *
 * <p>The nodes of a rows × cols grid are numbered {@code v = i·cols + j}. Arcs go right ({@code v → v+1}) or down
 * ({@code v → v+cols}) and are numbered in PyEPO's order: for each row i, first the right arcs of row i
 * (j = 0 … cols−2), then, unless i is the last row, the down arcs of row i (j = 0 … cols−1). A 5 × 5 grid has 40 arcs.
 */
public final class GridDagShortestPath {
    private GridDagShortestPath() {
    }

    /**
     * Arcs of the cheapest path from node 0 (top-left) to node rows·cols−1 (bottom-right), minimising
     * ⟨z, arcCosts⟩.
     *
     * <p>Costs may be negative: the grid is acyclic, so dynamic programming over the nodes in index order (a
     * topological order) is exact without clamping. Runs in O(rows·cols). On a tie a node is entered from the left
     * (by a right arc) rather than from above.
     *
     * @param arcCosts the cost of every arc in PyEPO's order, length {@link #arcCount(int, int)}; finite
     * @param rows the number of grid rows, at least 1
     * @param cols the number of grid columns, at least 1
     * @return z of length arcCount(rows, cols) with 1 on the rows+cols−2 arcs of the path
     * @throws IllegalArgumentException if the grid size is not positive, the length of {@code arcCosts} does not
     *     match it, or a cost is NaN or infinite
     */
    @AimleLayer(name = "GridDagShortestPathLayer", objective = Objective.MINIMIZE, structure = Structure.BINARY)
    public static int[] arcs(float[] arcCosts, int rows, int cols) {
        Objects.requireNonNull(arcCosts, "arcCosts");
        int arcCount = arcCount(rows, cols);
        if (arcCosts.length != arcCount) {
            throw new IllegalArgumentException("arcCosts has length " + arcCosts.length + " but a " + rows + "x"
                    + cols + " grid has " + arcCount + " arcs");
        }
        for (int arc = 0; arc < arcCount; arc++) {
            if (!Float.isFinite(arcCosts[arc])) {
                throw new IllegalArgumentException(
                        "arcCosts[" + arc + "] is " + arcCosts[arc] + "; costs must be finite");
            }
        }

        int nodes = rows * cols;
        double[] distance = new double[nodes];
        int[] arcInto = new int[nodes];
        arcInto[0] = -1;
        for (int node = 1; node < nodes; node++) {
            int i = node / cols;
            int j = node % cols;
            double best = Double.POSITIVE_INFINITY;
            if (j > 0) {
                int right = rightArc(i, j - 1, cols);
                best = distance[node - 1] + arcCosts[right];
                arcInto[node] = right;
            }
            if (i > 0) {
                int down = downArc(i - 1, j, cols);
                double fromAbove = distance[node - cols] + arcCosts[down];
                if (fromAbove < best) {
                    best = fromAbove;
                    arcInto[node] = down;
                }
            }
            distance[node] = best;
        }

        int[] z = new int[arcCount];
        int node = nodes - 1;
        while (node != 0) {
            int arc = arcInto[node];
            z[arc] = 1;
            node = isRightArc(arc, cols) ? node - 1 : node - cols;
        }
        return z;
    }

    /**
     * Number of arcs of a rows × cols grid: rows·(cols−1) right arcs plus (rows−1)·cols down arcs.
     *
     * @param rows the number of grid rows, at least 1
     * @param cols the number of grid columns, at least 1
     * @return the length of the arc cost and arc indicator vectors
     * @throws IllegalArgumentException if rows or cols is less than 1
     */
    public static int arcCount(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(
                    "rows is " + rows + " and cols is " + cols + "; both must be at least 1");
        }
        return rows * (cols - 1) + (rows - 1) * cols;
    }

    /**
     * The (from, to) nodes of every arc, in PyEPO's arc order.
     *
     * @param rows the number of grid rows, at least 1
     * @param cols the number of grid columns, at least 1
     * @return for every arc a, {@code {from, to}} with nodes numbered {@code i·cols + j}
     * @throws IllegalArgumentException if rows or cols is less than 1
     */
    public static int[][] arcList(int rows, int cols) {
        int[][] arcs = new int[arcCount(rows, cols)][];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols - 1; j++) {
                int from = i * cols + j;
                arcs[rightArc(i, j, cols)] = new int[] {from, from + 1};
            }
            if (i == rows - 1) {
                continue;
            }
            for (int j = 0; j < cols; j++) {
                int from = i * cols + j;
                arcs[downArc(i, j, cols)] = new int[] {from, from + cols};
            }
        }
        return arcs;
    }

    /** Index of the arc from node (i, j) to (i, j+1): row i's block of 2·cols−1 arcs starts with its right arcs. */
    private static int rightArc(int i, int j, int cols) {
        return i * (2 * cols - 1) + j;
    }

    /** Index of the arc from node (i, j) to (i+1, j): it follows the cols−1 right arcs of row i. */
    private static int downArc(int i, int j, int cols) {
        return i * (2 * cols - 1) + (cols - 1) + j;
    }

    private static boolean isRightArc(int arc, int cols) {
        return arc % (2 * cols - 1) < cols - 1;
    }
}

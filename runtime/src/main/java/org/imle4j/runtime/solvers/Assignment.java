package org.imle4j.runtime.solvers;

import java.util.Arrays;
import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/** Maximum-weight assignment (bipartite matching) between the rows and the columns of a weight matrix. */
public final class Assignment {
    private Assignment() {
    }

    /**
     * Assignment of maximum total weight, maximising ⟨z, weights⟩ over matchings z that pair min(n, m) rows with
     * columns.
     *
     * <p>If n ≤ m every row gets exactly one column and every column at most one row; if n &gt; m every column gets
     * exactly one row. The Hungarian algorithm (Kuhn 1955, Munkres 1957) in its shortest-augmenting-path form with
     * row and column potentials: rows are added one at a time and each is matched along a cheapest alternating path,
     * so it runs in O(min(n,m)²·max(n,m)). Ties are broken deterministically.
     *
     * @param weights n × m weights, {@code weights[row][column]}, n ≥ 1, m ≥ 1, all rows of equal length; finite
     * @return z of shape n × m with 1 on the min(n, m) matched pairs
     * @throws IllegalArgumentException if the matrix is empty or ragged, or a weight is NaN or infinite
     */
    @AimleLayer(name = "AssignmentLayer", structure = Structure.BINARY)
    public static int[][] maximumWeight(float[][] weights) {
        Objects.requireNonNull(weights, "weights");
        int rows = weights.length;
        int columns = requireRectangular(weights);
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                if (!Float.isFinite(weights[row][column])) {
                    throw new IllegalArgumentException("weights[" + row + "][" + column + "] is "
                            + weights[row][column] + "; weights must be finite");
                }
            }
        }

        // The algorithm matches every row of a matrix with no more rows than columns, so a tall matrix is transposed,
        // and it minimises cost, so the weights are negated.
        boolean transposed = rows > columns;
        int smallSide = transposed ? columns : rows;
        int largeSide = transposed ? rows : columns;
        double[][] cost = new double[smallSide][largeSide];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                if (transposed) {
                    cost[column][row] = -weights[row][column];
                } else {
                    cost[row][column] = -weights[row][column];
                }
            }
        }
        int[] matchedColumn = minimumCostAssignment(cost);

        int[][] z = new int[rows][columns];
        for (int small = 0; small < smallSide; small++) {
            if (transposed) {
                z[matchedColumn[small]][small] = 1;
            } else {
                z[small][matchedColumn[small]] = 1;
            }
        }
        return z;
    }

    /**
     * Minimum-cost assignment of every row of an n × m cost matrix with n ≤ m to a distinct column.
     *
     * <p>Column index 0 of the internal arrays is a virtual column that holds the row being inserted; real column c
     * is stored at c + 1 and real row r is numbered r + 1, with 0 meaning "unmatched".
     *
     * @return for each row, the column it is matched to
     */
    private static int[] minimumCostAssignment(double[][] cost) {
        int n = cost.length;
        int m = cost[0].length;
        double[] rowPotential = new double[n + 1];
        double[] columnPotential = new double[m + 1];
        int[] rowOfColumn = new int[m + 1];
        int[] previousColumnOnPath = new int[m + 1];
        double[] minimumSlack = new double[m + 1];
        boolean[] columnInTree = new boolean[m + 1];

        for (int newRow = 1; newRow <= n; newRow++) {
            rowOfColumn[0] = newRow;
            int column = 0;
            Arrays.fill(minimumSlack, Double.POSITIVE_INFINITY);
            Arrays.fill(columnInTree, false);
            // Grow a tree of tight edges (Dijkstra on reduced costs) until it reaches an unmatched column.
            do {
                columnInTree[column] = true;
                int row = rowOfColumn[column];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = 0;
                for (int candidate = 1; candidate <= m; candidate++) {
                    if (columnInTree[candidate]) {
                        continue;
                    }
                    double reducedCost = cost[row - 1][candidate - 1] - rowPotential[row] - columnPotential[candidate];
                    if (reducedCost < minimumSlack[candidate]) {
                        minimumSlack[candidate] = reducedCost;
                        previousColumnOnPath[candidate] = column;
                    }
                    if (minimumSlack[candidate] < delta) {
                        delta = minimumSlack[candidate];
                        nextColumn = candidate;
                    }
                }
                for (int other = 0; other <= m; other++) {
                    if (columnInTree[other]) {
                        rowPotential[rowOfColumn[other]] += delta;
                        columnPotential[other] -= delta;
                    } else {
                        minimumSlack[other] -= delta;
                    }
                }
                column = nextColumn;
            } while (rowOfColumn[column] != 0);
            // Flip the alternating path back to the virtual column: every row on it moves one column along.
            do {
                int previous = previousColumnOnPath[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }

        int[] matchedColumn = new int[n];
        for (int column = 1; column <= m; column++) {
            if (rowOfColumn[column] != 0) {
                matchedColumn[rowOfColumn[column] - 1] = column - 1;
            }
        }
        return matchedColumn;
    }

    /** Returns the number of columns after checking that the matrix has at least one entry and no ragged rows. */
    private static int requireRectangular(float[][] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights has no rows; the matrix needs at least one entry");
        }
        for (int row = 0; row < weights.length; row++) {
            if (weights[row] == null) {
                throw new IllegalArgumentException("weights[" + row + "] is null; every row must be an array");
            }
            if (weights[row].length != weights[0].length) {
                throw new IllegalArgumentException("weights is ragged: weights[" + row + "] has length "
                        + weights[row].length + " but weights[0] has length " + weights[0].length
                        + "; all rows must have the same length");
            }
        }
        if (weights[0].length == 0) {
            throw new IllegalArgumentException("weights has empty rows; the matrix needs at least one column");
        }
        return weights[0].length;
    }
}

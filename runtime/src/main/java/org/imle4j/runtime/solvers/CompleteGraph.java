package org.imle4j.runtime.solvers;

/**
 * The numbering of the edges of a complete graph that the graph solvers share: the entries above the diagonal of the
 * adjacency matrix in row-major order, (0,1), (0,2), …, (0,n−1), (1,2), …, (n−2,n−1), which is also the order of
 * {@code scipy.spatial.distance.pdist}.
 */
public final class CompleteGraph {
    private CompleteGraph() {
    }

    /**
     * Index of the edge between nodes i and j (in either order) in the row-major upper-triangle order.
     *
     * @param i one end of the edge, in [0, nodes)
     * @param j the other end, in [0, nodes) and different from i
     * @param nodes the number of nodes of the complete graph
     * @return the edge's position, in [0, n(n−1)/2)
     * @throws IllegalArgumentException if i equals j or either is not a node of the graph
     */
    public static int edgeIndex(int i, int j, int nodes) {
        if (i < 0 || i >= nodes || j < 0 || j >= nodes || i == j) {
            throw new IllegalArgumentException("edge " + i + "-" + j + " does not join two different nodes of a "
                    + "graph with " + nodes + " nodes; both must be distinct and in [0, " + nodes + ")");
        }
        int low = Math.min(i, j);
        int high = Math.max(i, j);
        // Rows 0 … low−1 of the upper triangle hold (n−1) + (n−2) + … + (n−low) edges.
        return low * nodes - low * (low + 1) / 2 + (high - low - 1);
    }
}

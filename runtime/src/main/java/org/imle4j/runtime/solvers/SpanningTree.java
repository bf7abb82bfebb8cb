package org.imle4j.runtime.solvers;

import java.util.Arrays;
import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/**
 * Maximum-weight spanning tree of a complete graph, with the edges listed as the entries above the diagonal of the
 * adjacency matrix in row-major order: (0,1), (0,2), …, (0,n−1), (1,2), …, (n−2,n−1).
 */
public final class SpanningTree {
    private SpanningTree() {
    }

    /**
     * Edges of a spanning tree of maximum total weight, maximising ⟨z, edgeWeights⟩ over spanning trees z.
     *
     * <p>Kruskal's algorithm: edges are taken in order of decreasing weight (equal weights by lower edge index) and
     * kept when they join two components of a union-find forest. Runs in O(m log m) for the m = n(n−1)/2 edges.
     * Weights may be ±∞, so −∞ can forbid an edge as long as the other edges connect the graph.
     *
     * @param edgeWeights the weight of every edge in the order of {@link #edgeIndex(int, int, int)}, length
     *     n(n−1)/2; no NaN
     * @param nodes the number n of nodes, at least 1
     * @return z of length n(n−1)/2 with exactly n−1 ones
     * @throws IllegalArgumentException if {@code nodes} is less than 1, the length of {@code edgeWeights} is not
     *     n(n−1)/2, or a weight is NaN
     */
    @AimleLayer(name = "SpanningTreeLayer", structure = Structure.SPANNING_TREE)
    public static int[] maximumWeight(float[] edgeWeights, int nodes) {
        Objects.requireNonNull(edgeWeights, "edgeWeights");
        int edgeCount = edgeCount(nodes);
        if (edgeWeights.length != edgeCount) {
            throw new IllegalArgumentException("edgeWeights has length " + edgeWeights.length
                    + " but a complete graph on " + nodes + " nodes has n(n-1)/2 = " + edgeCount + " edges");
        }
        long[] edgesByDecreasingWeight = new long[edgeCount];
        int[] firstNode = new int[edgeCount];
        int[] secondNode = new int[edgeCount];
        for (int i = 0, edge = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++, edge++) {
                if (Float.isNaN(edgeWeights[edge])) {
                    throw new IllegalArgumentException("edgeWeights[" + edge + "] (edge " + i + "-" + j
                            + ") is NaN; weights must be numbers");
                }
                firstNode[edge] = i;
                secondNode[edge] = j;
                edgesByDecreasingWeight[edge] = decreasingWeightKey(edgeWeights[edge], edge);
            }
        }
        Arrays.sort(edgesByDecreasingWeight);

        int[] parent = new int[nodes];
        int[] componentSize = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            parent[node] = node;
            componentSize[node] = 1;
        }
        int[] z = new int[edgeCount];
        int treeEdges = 0;
        for (int position = 0; position < edgeCount && treeEdges < nodes - 1; position++) {
            int edge = (int) edgesByDecreasingWeight[position];
            int rootA = find(parent, firstNode[edge]);
            int rootB = find(parent, secondNode[edge]);
            if (rootA == rootB) {
                continue;
            }
            if (componentSize[rootA] < componentSize[rootB]) {
                int swap = rootA;
                rootA = rootB;
                rootB = swap;
            }
            parent[rootB] = rootA;
            componentSize[rootA] += componentSize[rootB];
            z[edge] = 1;
            treeEdges++;
        }
        return z;
    }

    /**
     * Index of the edge between nodes i and j (in either order): {@link CompleteGraph#edgeIndex}.
     *
     * @param i one end of the edge, in [0, nodes)
     * @param j the other end, in [0, nodes) and different from i
     * @param nodes the number of nodes
     * @return the position of the edge's weight in {@code edgeWeights} and of its indicator in the solution
     * @throws IllegalArgumentException if i equals j or either is not a node of the graph
     */
    public static int edgeIndex(int i, int j, int nodes) {
        return CompleteGraph.edgeIndex(i, j, nodes);
    }

    private static int edgeCount(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes is " + nodes + " but must be at least 1");
        }
        return nodes * (nodes - 1) / 2;
    }

    /**
     * A long whose natural order is decreasing weight, then increasing edge index, so that edges sort as primitives:
     * the high half maps the float's bits to an int that orders like the float, complemented to reverse the order,
     * and the low half is the edge index.
     */
    private static long decreasingWeightKey(float weight, int edge) {
        int bits = Float.floatToIntBits(weight + 0f); // + 0f turns −0 into +0, which compare equal as floats.
        int orderedLikeFloat = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~orderedLikeFloat << 32) | edge;
    }

    /** Root of a node's component, halving the path on the way. */
    private static int find(int[] parent, int node) {
        while (parent[node] != node) {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        return node;
    }
}

package org.imle4j.runtime.exact;

import java.util.Arrays;

/**
 * Every spanning tree of the complete graph on n nodes, enumerated, and the exact Gibbs distribution over them,
 * {@code p(T; θ, t) = exp(Σ_{e∈T} θ_e / t) / Σ_{T'} exp(Σ_{e∈T'} θ_e / t)}: the law whose edge marginals the
 * spanning-tree stochastic softmax trick computes by the matrix-tree theorem, here summed tree by tree.
 *
 * <p>Edges are numbered as the spanning-tree solver numbers them, the entries above the diagonal of the adjacency
 * matrix in row-major order: (0,1), (0,2), …, (0,n−1), (1,2), …, (n−2,n−1). A tree is a bit mask over the
 * m = n(n−1)/2 edges (bit e set when edge e belongs to it). By Cayley's formula there are n^(n−2) trees: 16 for n = 4,
 * 125 for n = 5, 262,144 for n = 8, the largest n enumerated.
 */
public final class SpanningTrees {
    private final int nodes;
    private final int edges;
    private final int[] masks;

    private SpanningTrees(int nodes, int edges, int[] masks) {
        this.nodes = nodes;
        this.edges = edges;
        this.masks = masks;
    }

    /**
     * All spanning trees of the complete graph on {@code nodes} nodes, in increasing order of their masks: the
     * (n−1)-subsets of the edges that hold no cycle.
     *
     * @param nodes n, from 2 to 8
     * @return the n^(n−2) trees
     * @throws IllegalArgumentException unless {@code 2 ≤ nodes ≤ 8}
     */
    public static SpanningTrees of(int nodes) {
        if (nodes < 2 || nodes > 8) {
            throw new IllegalArgumentException("spanning trees are enumerated for 2 ≤ n ≤ 8 nodes, but n = " + nodes);
        }
        int edges = nodes * (nodes - 1) / 2;
        int[] first = new int[edges];
        int[] second = new int[edges];
        for (int i = 0, edge = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++, edge++) {
                first[edge] = i;
                second[edge] = j;
            }
        }
        KSubsets subsets = KSubsets.of(edges, nodes - 1);
        int[] trees = new int[subsets.size()];
        int count = 0;
        for (int s = 0; s < subsets.size(); s++) {
            if (acyclic(subsets.mask(s), nodes, first, second)) {
                trees[count++] = subsets.mask(s);
            }
        }
        return new SpanningTrees(nodes, edges, Arrays.copyOf(trees, count));
    }

    /** Whether the edges of {@code mask} form a forest; n − 1 edges without a cycle span the n nodes. */
    private static boolean acyclic(int mask, int nodes, int[] first, int[] second) {
        int[] component = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            component[node] = node;
        }
        for (int edge = 0; edge < first.length; edge++) {
            if ((mask >>> edge & 1) == 0) {
                continue;
            }
            int a = component[first[edge]];
            int b = component[second[edge]];
            if (a == b) {
                return false;
            }
            for (int node = 0; node < nodes; node++) {
                if (component[node] == b) {
                    component[node] = a;
                }
            }
        }
        return true;
    }

    /**
     * The number of nodes.
     *
     * @return n
     */
    public int nodes() {
        return nodes;
    }

    /**
     * The number of edges of the complete graph, the length of a score or indicator vector.
     *
     * @return m = n(n−1)/2
     */
    public int edges() {
        return edges;
    }

    /**
     * The number of spanning trees.
     *
     * @return n^(n−2)
     */
    public int size() {
        return masks.length;
    }

    /**
     * The edges of one tree.
     *
     * @param tree its index, in {@code [0, size())}
     * @return the bit mask of its n − 1 edges
     * @throws IndexOutOfBoundsException if {@code tree} is out of range
     */
    public int mask(int tree) {
        return masks[tree];
    }

    /**
     * The Gibbs probabilities of the trees, computed with the largest exponent subtracted so that none overflows.
     *
     * @param scores θ, one score per edge, length m
     * @param temperature t, positive
     * @return p(T) in the order of {@link #mask(int)}, summing to 1
     * @throws IllegalArgumentException if {@code scores} does not have length m or {@code temperature} is not positive
     */
    public double[] probabilities(double[] scores, double temperature) {
        if (scores.length != edges || !(temperature > 0)) {
            throw new IllegalArgumentException("Gibbs probabilities need " + edges + " edge scores and a positive "
                    + "temperature, but got " + scores.length + " scores and t = " + temperature);
        }
        double[] exponents = new double[masks.length];
        double largest = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < masks.length; t++) {
            double sum = 0;
            for (int edge = 0; edge < edges; edge++) {
                if ((masks[t] >>> edge & 1) != 0) {
                    sum += scores[edge];
                }
            }
            exponents[t] = sum / temperature;
            largest = Math.max(largest, exponents[t]);
        }
        double total = 0;
        for (int t = 0; t < masks.length; t++) {
            exponents[t] = Math.exp(exponents[t] - largest);
            total += exponents[t];
        }
        for (int t = 0; t < masks.length; t++) {
            exponents[t] /= total;
        }
        return exponents;
    }

    /**
     * The edge marginals {@code μ_e = P(e ∈ T)} of the Gibbs distribution.
     *
     * @param scores θ, one score per edge, length m
     * @param temperature t, positive
     * @return μ, length m, summing to n − 1
     * @throws IllegalArgumentException if {@code scores} does not have length m or {@code temperature} is not positive
     */
    public double[] marginals(double[] scores, double temperature) {
        double[] p = probabilities(scores, temperature);
        double[] marginals = new double[edges];
        for (int t = 0; t < masks.length; t++) {
            for (int edge = 0; edge < edges; edge++) {
                if ((masks[t] >>> edge & 1) != 0) {
                    marginals[edge] += p[t];
                }
            }
        }
        return marginals;
    }

    /**
     * The Jacobian of the edge marginals, {@code ∂μ_e/∂θ_f = Cov(z_e, z_f) / t}: the Gibbs distribution is an
     * exponential family in θ/t with sufficient statistic z, whose mean's derivative is the covariance.
     *
     * @param scores θ, one score per edge, length m
     * @param temperature t, positive
     * @return the m×m Jacobian, symmetric, row e the gradient of μ_e
     * @throws IllegalArgumentException if {@code scores} does not have length m or {@code temperature} is not positive
     */
    public double[][] marginalJacobian(double[] scores, double temperature) {
        double[] p = probabilities(scores, temperature);
        double[] marginals = marginals(scores, temperature);
        double[][] jacobian = new double[edges][edges];
        for (int t = 0; t < masks.length; t++) {
            for (int e = 0; e < edges; e++) {
                if ((masks[t] >>> e & 1) == 0) {
                    continue;
                }
                for (int f = 0; f < edges; f++) {
                    if ((masks[t] >>> f & 1) != 0) {
                        jacobian[e][f] += p[t];
                    }
                }
            }
        }
        for (int e = 0; e < edges; e++) {
            for (int f = 0; f < edges; f++) {
                jacobian[e][f] = (jacobian[e][f] - marginals[e] * marginals[f]) / temperature;
            }
        }
        return jacobian;
    }
}

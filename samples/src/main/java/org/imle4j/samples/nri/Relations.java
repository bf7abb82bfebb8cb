package org.imle4j.samples.nri;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.imle4j.runtime.solvers.SpanningTree;

/**
 * The message-passing plumbing of a complete graph on n vertices as constant matrices, so that gathering and
 * scattering are matrix products that autograd differentiates: the n(n−1) directed edges (i → j, i ≠ j, row-major)
 * and the n(n−1)/2 undirected pairs in the order of {@link SpanningTree#edgeIndex}.
 */
final class Relations {
    private final int nodes;
    private final float[][] senders;
    private final float[][] receivers;
    private final float[][] incomingMean;
    private final float[][] symmetrise;
    private final float[][] expand;

    /**
     * @param nodes n, at least 2
     */
    Relations(int nodes) {
        this.nodes = nodes;
        int directed = nodes * (nodes - 1);
        int pairs = directed / 2;
        senders = new float[directed][nodes];
        receivers = new float[directed][nodes];
        incomingMean = new float[nodes][directed];
        symmetrise = new float[directed][pairs];
        expand = new float[pairs][directed];
        int edge = 0;
        for (int i = 0; i < nodes; i++) {
            for (int j = 0; j < nodes; j++) {
                if (i == j) {
                    continue;
                }
                int pair = SpanningTree.edgeIndex(i, j, nodes);
                senders[edge][i] = 1;
                receivers[edge][j] = 1;
                incomingMean[j][edge] = 1f / nodes;
                symmetrise[edge][pair] = 0.5f;
                expand[pair][edge] = 1;
                edge++;
            }
        }
    }

    /** {@return n} */
    int nodes() {
        return nodes;
    }

    /** {@return the directed edges n(n−1)} */
    int directed() {
        return senders.length;
    }

    /** {@return the undirected pairs n(n−1)/2} */
    int pairs() {
        return expand.length;
    }

    /**
     * {@code [n(n−1), n]}: row e picks the sender of directed edge e, so {@code senders · h} is {@code h} of each
     * edge's sender.
     */
    NDArray senders(NDManager manager) {
        return manager.create(senders);
    }

    /** {@code [n(n−1), n]}: row e picks the receiver of directed edge e. */
    NDArray receivers(NDManager manager) {
        return manager.create(receivers);
    }

    /**
     * {@code [n, n(n−1)]}: {@code incomingMean · e} is the sum over the edges into each vertex divided by n, NRI's
     * edge-to-node aggregation; the factor is in the matrix so that no number operand enters the graph.
     */
    NDArray incomingMean(NDManager manager) {
        return manager.create(incomingMean);
    }

    /** {@code [n(n−1), n(n−1)/2]}: {@code l · symmetrise} averages the logits of i → j and j → i per pair. */
    NDArray symmetrise(NDManager manager) {
        return manager.create(symmetrise);
    }

    /** {@code [n(n−1)/2, n(n−1)]}: {@code z · expand} gives both directions of a pair its indicator. */
    NDArray expand(NDManager manager) {
        return manager.create(expand);
    }
}

package org.imle4j.runtime.solvers;

import static org.imle4j.runtime.testing.Failures.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanningTreeTest {
    @Test
    void edgeIndexCountsEdgesInLexicographicOrder() {
        for (int nodes = 2; nodes <= 7; nodes++) {
            int expected = 0;
            for (int i = 0; i < nodes; i++) {
                for (int j = i + 1; j < nodes; j++, expected++) {
                    assertEquals(expected, SpanningTree.edgeIndex(i, j, nodes), i + "-" + j + " of " + nodes);
                    assertEquals(expected, SpanningTree.edgeIndex(j, i, nodes), j + "-" + i + " of " + nodes);
                }
            }
        }
    }

    @Test
    void matchesTheBestOfAllSpanningTrees() {
        Random random = new Random(51);
        for (int instance = 0; instance < 360; instance++) {
            int nodes = 1 + instance % 6;
            int[][] edges = edgeEndpoints(nodes);
            float[] weights = randomWeights(random, edges.length);
            int[] z = SpanningTree.maximumWeight(weights, nodes);
            String context = "instance " + instance + ", " + nodes + " nodes, weights " + Arrays.toString(weights);

            assertEquals(edges.length, z.length, context);
            for (int indicator : z) {
                assertTrue(indicator == 0 || indicator == 1, context);
            }
            assertTrue(isSpanningTree(z, edges, nodes), context + ": not a spanning tree " + Arrays.toString(z));
            double best = Double.NEGATIVE_INFINITY;
            for (int[] tree : allSpanningTrees(edges, nodes)) {
                best = Math.max(best, objective(tree, weights));
            }
            assertEquals(best, objective(z, weights), 1e-4 * Math.max(1, Math.abs(best)), context);
        }
    }

    @Test
    void onEqualWeightsPrefersLowerEdgeIndices() {
        // Edges of 4 nodes: 0-1, 0-2, 0-3, 1-2, 1-3, 2-3; the first three already span the graph.
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0}, SpanningTree.maximumWeight(new float[6], 4));
    }

    @Test
    void avoidsAnEdgeOfWeightMinusInfinityWhenOthersConnectTheGraph() {
        float[] weights = {Float.NEGATIVE_INFINITY, 1f, 2f};
        assertArrayEquals(new int[] {0, 1, 1}, SpanningTree.maximumWeight(weights, 3));
    }

    @Test
    void rejectsWeightsOfTheWrongLength() {
        assertRejects("edgeWeights has length 5 but a complete graph on 4 nodes has n(n-1)/2 = 6 edges",
                () -> SpanningTree.maximumWeight(new float[5], 4));
    }

    @Test
    void rejectsAGraphWithoutNodes() {
        assertRejects("nodes is 0", () -> SpanningTree.maximumWeight(new float[0], 0));
    }

    @Test
    void rejectsNaNNamingItsEdge() {
        float[] weights = new float[6];
        weights[4] = Float.NaN;
        assertRejects("edgeWeights[4] (edge 1-3) is NaN", () -> SpanningTree.maximumWeight(weights, 4));
    }

    @Test
    void edgeIndexRejectsALoop() {
        assertRejects("distinct", () -> SpanningTree.edgeIndex(2, 2, 4));
    }

    @Test
    void edgeIndexRejectsANodeOutsideTheGraph() {
        assertRejects("[0, 4)", () -> SpanningTree.edgeIndex(1, 4, 4));
    }

    private static int[][] edgeEndpoints(int nodes) {
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                edges.add(new int[] {i, j});
            }
        }
        return edges.toArray(new int[0][]);
    }

    /** Every subset of n−1 edges that connects all n nodes. */
    private static List<int[]> allSpanningTrees(int[][] edges, int nodes) {
        List<int[]> trees = new ArrayList<>();
        for (int subset = 0; subset < 1 << edges.length; subset++) {
            if (Integer.bitCount(subset) != nodes - 1) {
                continue;
            }
            int[] indicator = new int[edges.length];
            for (int edge = 0; edge < edges.length; edge++) {
                indicator[edge] = subset >> edge & 1;
            }
            if (isSpanningTree(indicator, edges, nodes)) {
                trees.add(indicator);
            }
        }
        return trees;
    }

    /** n−1 edges that reach every node from node 0 form a spanning tree. */
    private static boolean isSpanningTree(int[] indicator, int[][] edges, int nodes) {
        if (Arrays.stream(indicator).sum() != nodes - 1) {
            return false;
        }
        boolean[] reached = new boolean[nodes];
        reached[0] = true;
        for (boolean grew = true; grew; ) {
            grew = false;
            for (int edge = 0; edge < edges.length; edge++) {
                if (indicator[edge] == 1 && reached[edges[edge][0]] != reached[edges[edge][1]]) {
                    reached[edges[edge][0]] = true;
                    reached[edges[edge][1]] = true;
                    grew = true;
                }
            }
        }
        for (boolean nodeReached : reached) {
            if (!nodeReached) {
                return false;
            }
        }
        return true;
    }

    private static double objective(int[] z, float[] weights) {
        double total = 0;
        for (int edge = 0; edge < z.length; edge++) {
            total += z[edge] * weights[edge];
        }
        return total;
    }

    /** Weights in [−3, 3), small integers half of the time so that ties are common. */
    private static float[] randomWeights(Random random, int edges) {
        boolean withTies = random.nextBoolean();
        float[] weights = new float[edges];
        for (int edge = 0; edge < edges; edge++) {
            weights[edge] = withTies ? random.nextInt(4) - 2 : random.nextFloat() * 6 - 3;
        }
        return weights;
    }
}

package org.imle4j.samples.nri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imle4j.runtime.solvers.SpanningTree;
import org.junit.jupiter.api.Test;

/** The generated layouts: spanning trees, positions in [−1, 1] after every frame, normalisation. */
class GraphLayoutsTest {
    private static final int NODES = 10;
    private static final int FRAMES = 10;
    private final GraphLayouts.Split split = GraphLayouts.generate(50, NODES, FRAMES, 7);

    @Test
    void everyGraphIsASpanningTree() {
        int pairs = split.pairs();
        for (int example = 0; example < split.size(); example++) {
            int[] component = new int[NODES];
            for (int node = 0; node < NODES; node++) {
                component[node] = node;
            }
            int edges = 0;
            for (int i = 0; i < NODES; i++) {
                for (int j = i + 1; j < NODES; j++) {
                    if (split.edges()[example * pairs + SpanningTree.edgeIndex(i, j, NODES)] == 1) {
                        edges++;
                        int from = component[j];
                        int to = component[i];
                        assertTrue(from != to, "edge " + i + "-" + j + " closes a cycle in example " + example);
                        for (int node = 0; node < NODES; node++) {
                            component[node] = component[node] == from ? to : component[node];
                        }
                    }
                }
            }
            assertEquals(NODES - 1, edges, "edges of example " + example);
            for (int node = 0; node < NODES; node++) {
                assertEquals(component[0], component[node], "vertex " + node + " of example " + example);
            }
        }
    }

    @Test
    void everyFrameIsCentredAndScaledIntoTheUnitSquare() {
        for (int example = 0; example < split.size(); example++) {
            for (int frame = 0; frame < FRAMES; frame++) {
                double largest = 0;
                double[] mean = new double[2];
                for (int node = 0; node < NODES; node++) {
                    for (int axis = 0; axis < 2; axis++) {
                        float value = split.positions()[((example * NODES + node) * FRAMES + frame) * 2 + axis];
                        largest = Math.max(largest, Math.abs(value));
                        mean[axis] += value / NODES;
                    }
                }
                assertEquals(1, largest, 1e-6, "largest |coordinate| of example " + example + ", frame " + frame);
                assertEquals(0, mean[0], 1e-6);
                assertEquals(0, mean[1], 1e-6);
            }
        }
    }

    @Test
    void theLayoutMovesTowardsItsTree() {
        // A tree's layout pulls its edges together: after the frames, tree edges are shorter than the other pairs.
        double treeLength = 0;
        double otherLength = 0;
        int pairs = split.pairs();
        int last = FRAMES - 1;
        for (int example = 0; example < split.size(); example++) {
            for (int i = 0; i < NODES; i++) {
                for (int j = i + 1; j < NODES; j++) {
                    double dx = position(example, i, last, 0) - position(example, j, last, 0);
                    double dy = position(example, i, last, 1) - position(example, j, last, 1);
                    double length = Math.hypot(dx, dy);
                    if (split.edges()[example * pairs + SpanningTree.edgeIndex(i, j, NODES)] == 1) {
                        treeLength += length / (NODES - 1);
                    } else {
                        otherLength += length / (pairs - NODES + 1);
                    }
                }
            }
        }
        assertTrue(treeLength < 0.7 * otherLength, treeLength + " against " + otherLength);
    }

    @Test
    void normalisationMapsTheTrainingExtremesToMinusOneAndOne() {
        float low = split.min();
        float high = split.max();
        GraphLayouts.Split normalised = split.normalised(low, high);
        assertEquals(-1, normalised.min(), 1e-6);
        assertEquals(1, normalised.max(), 1e-6);
        float value = split.positions()[17];
        assertEquals(2 * (value - low) / (high - low) - 1, normalised.positions()[17], 1e-6);
        GraphLayouts.Split other = GraphLayouts.generate(5, NODES, FRAMES, 8).normalised(low, high);
        assertEquals(5 * NODES * FRAMES * 2, other.positions().length);
    }

    @Test
    void theSameSeedGivesTheSameData() {
        GraphLayouts.Split again = GraphLayouts.generate(50, NODES, FRAMES, 7);
        assertEquals(java.util.Arrays.hashCode(split.positions()), java.util.Arrays.hashCode(again.positions()));
        assertEquals(java.util.Arrays.hashCode(split.edges()), java.util.Arrays.hashCode(again.edges()));
    }

    private float position(int example, int node, int frame, int axis) {
        return split.positions()[((example * NODES + node) * FRAMES + frame) * 2 + axis];
    }
}

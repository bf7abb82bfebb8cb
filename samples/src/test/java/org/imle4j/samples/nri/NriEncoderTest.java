package org.imle4j.samples.nri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.imle4j.runtime.solvers.SpanningTree;
import org.junit.jupiter.api.Test;

/** The encoder's logits are those of undirected pairs: the mean of both directions, equivariant to relabelling. */
class NriEncoderTest {
    private static final int NODES = 5;

    @Test
    void symmetrisationAveragesBothDirectionsOfEachPair() {
        Relations relations = new Relations(NODES);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] directed = new float[relations.directed()];
            for (int edge = 0; edge < directed.length; edge++) {
                directed[edge] = edge * edge;
            }
            float[] pairs = manager.create(directed).reshape(1, -1).matMul(relations.symmetrise(manager))
                    .toFloatArray();
            int edge = 0;
            float[] expected = new float[relations.pairs()];
            for (int i = 0; i < NODES; i++) {
                for (int j = 0; j < NODES; j++) {
                    if (i != j) {
                        expected[SpanningTree.edgeIndex(i, j, NODES)] += directed[edge++] / 2;
                    }
                }
            }
            assertArrayEquals(expected, pairs, 1e-4f);
        }
    }

    @Test
    void swappingTwoVerticesPermutesThePairLogits() {
        Engine.getInstance().setRandomSeed(3);
        NriEncoder encoder = new NriEncoder(new Relations(NODES), 8);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, NODES, 4, 2);
            encoder.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(shape);
            int[] swap = {1, 0, 2, 3, 4};
            float[] values = x.toFloatArray();
            float[] permuted = new float[values.length];
            int perVertex = 4 * 2;
            for (int example = 0; example < 2; example++) {
                for (int node = 0; node < NODES; node++) {
                    System.arraycopy(values, (example * NODES + swap[node]) * perVertex, permuted,
                            (example * NODES + node) * perVertex, perVertex);
                }
            }
            ParameterStore parameters = new ParameterStore(manager, false);
            float[] original = encoder.forward(parameters, new NDList(x), false).singletonOrThrow().toFloatArray();
            float[] relabelled = encoder.forward(parameters, new NDList(manager.create(permuted, shape)), false)
                    .singletonOrThrow().toFloatArray();
            int pairs = NODES * (NODES - 1) / 2;
            assertEquals(2 * pairs, original.length);
            for (int example = 0; example < 2; example++) {
                for (int i = 0; i < NODES; i++) {
                    for (int j = i + 1; j < NODES; j++) {
                        int before = example * pairs + SpanningTree.edgeIndex(swap[i], swap[j], NODES);
                        int after = example * pairs + SpanningTree.edgeIndex(i, j, NODES);
                        assertEquals(original[before], relabelled[after], 1e-4f, "pair " + i + "-" + j);
                    }
                }
            }
        }
    }
}

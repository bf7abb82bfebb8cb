package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** L2X's Concrete relaxation: each of the k samples is a Gumbel-softmax, their element-wise maximum the mask. */
class ConcreteSelectorTest {
    private static final float[] LOGITS = {2, 1, 0.5f, 0, 0, -1, -1, -2, -2, -3};
    private static final int ROWS = 20_000;
    private static final int K = 3;

    @Test
    void eachSamplesArgmaxFollowsTheSoftmaxAndTheMaskIsTheirMaximum() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(LOGITS).expandDims(0).repeat(0, ROWS);
            ConcreteSelector selector = new ConcreteSelector(K, 0.1);
            NDArray samples = selector.samples(logits);
            assertEquals(new Shape(ROWS, K, 10), samples.getShape());
            float[] sums = samples.sum(new int[] {2}).toFloatArray();
            for (float sum : sums) {
                assertEquals(1f, sum, 1e-4f);
            }
            // Gumbel-max: whatever τ, the argmax of a sample is feature i with probability softmax(logits)_i, and
            // i is some sample's argmax with probability 1 − (1 − p_i)^k.
            long[] argmax = samples.argMax(2).toLongArray();
            double[] p = softmax(LOGITS);
            int[] counts = new int[10];
            int[] anyCounts = new int[10];
            for (int row = 0; row < ROWS; row++) {
                boolean[] seen = new boolean[10];
                for (int s = 0; s < K; s++) {
                    int feature = (int) argmax[row * K + s];
                    counts[feature]++;
                    seen[feature] = true;
                }
                for (int j = 0; j < 10; j++) {
                    anyCounts[j] += seen[j] ? 1 : 0;
                }
            }
            for (int j = 0; j < 10; j++) {
                int draws = ROWS * K;
                assertEquals(p[j], counts[j] / (double) draws, 5 * Math.sqrt(p[j] * (1 - p[j]) / draws) + 1e-9,
                        "feature " + j);
                double any = 1 - Math.pow(1 - p[j], K);
                assertEquals(any, anyCounts[j] / (double) ROWS, 5 * Math.sqrt(any * (1 - any) / ROWS) + 1e-9,
                        "feature " + j + " in any sample");
            }
            NDArray mask = selector.forward(new ParameterStore(manager, false), new NDList(logits), true)
                    .singletonOrThrow();
            assertEquals(new Shape(ROWS, 10), mask.getShape());
            float[] rowSums = mask.sum(new int[] {1}).toFloatArray();
            for (float sum : rowSums) {
                // The maximum of k distributions over the features: at least 1, at most k.
                assertTrue(sum >= 1 - 1e-4f && sum <= K + 1e-4f, "row sum " + sum);
            }
            assertTrue(mask.min().getFloat() >= 0 && mask.max().getFloat() <= 1);
        }
    }

    @Test
    void outsideTrainingTheMaskIsTheTopKOfTheLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[][] {LOGITS, {0, 5, 0, 4, 0, 3, 0, 0, 0, 0}});
            NDArray mask = new ConcreteSelector(K, 0.1).forward(new ParameterStore(manager, false),
                    new NDList(logits), false).singletonOrThrow();
            assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0},
                    mask.toFloatArray());
        }
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ConcreteSelector(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ConcreteSelector(2, 0));
    }

    private static double[] softmax(float[] logits) {
        double[] p = new double[logits.length];
        double sum = 0;
        for (int j = 0; j < logits.length; j++) {
            p[j] = Math.exp(logits[j]);
            sum += p[j];
        }
        for (int j = 0; j < logits.length; j++) {
            p[j] /= sum;
        }
        return p;
    }
}

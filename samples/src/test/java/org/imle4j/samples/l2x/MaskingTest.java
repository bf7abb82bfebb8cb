package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class MaskingTest {
    private static final float[][] X = {{1, 2, 3}, {10, 20, 30}, {100, 200, 300}, {1000, 2000, 3000}};
    private static final float[][] MASK = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}};

    @Test
    void zeroMaskingMultiplies() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {1, 0, 0, 0, 20, 0, 0, 0, 300, 1000, 2000, 0},
                    Masking.ZERO.apply(manager.create(X), manager.create(MASK)).toFloatArray());
        }
    }

    @Test
    void marginalMaskingKeepsTheSelectedAndTakesTheOthersFromOneOtherRow() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 20; trial++) {
                float[] out = Masking.MARGINAL.apply(manager.create(X), manager.create(MASK)).toFloatArray();
                for (int row = 0; row < X.length; row++) {
                    int source = -1;
                    for (int j = 0; j < 3; j++) {
                        float value = out[row * 3 + j];
                        if (MASK[row][j] == 1) {
                            assertEquals(X[row][j], value);
                            continue;
                        }
                        // Row r of X holds 10^r times (1, 2, 3): the value's magnitude names the source row.
                        int from = (int) Math.round(Math.log10(value / (j + 1)));
                        assertEquals(X[from][j], value);
                        assertTrue(source < 0 || source == from, "one source row per example");
                        source = from;
                    }
                }
            }
        }
    }
}

package org.imle4j.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imle4j.samples.report.Statistics;
import org.junit.jupiter.api.Test;

/** The layer's cost is taken block by block against the floor run right after it. */
class PairedFloorTest {
    /**
     * Each block's difference is taken against the floor run right after it: three blocks at three machine speeds
     * differ by 0.2, 0.3 and 0.1 ms, and their median is 0.2. The difference of the overall medians would pair the
     * layer's middle block with the floor's middle block and give 0.1.
     */
    @Test
    void takesTheMedianOfTheBlocksDifferences() {
        double[] layerLevels = {1.2, 0.3, 0.6};
        double[] floorLevels = {1.0, 0.0, 0.5};
        double[] layer = new double[layerLevels.length * PairedFloor.BLOCK];
        double[] floor = new double[layer.length];
        for (int i = 0; i < layer.length; i++) {
            // A spread inside each block that the block's median steps over.
            double jitter = (i % PairedFloor.BLOCK - (PairedFloor.BLOCK - 1) / 2.0) * 1e-3;
            layer[i] = layerLevels[i / PairedFloor.BLOCK] + jitter;
            floor[i] = floorLevels[i / PairedFloor.BLOCK] + jitter;
        }
        assertEquals(0.2, PairedFloor.layerMs(layer, floor), 1e-9);
        assertEquals(0.1, Statistics.median(layer) - Statistics.median(floor), 1e-9);
    }

    @Test
    void aShortLastBlockPairsWithTheFloorStepsRunAfterIt() {
        double[] layer = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5};
        double[] floor = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        // Blocks: 1 − 0 and 5 − 1; the median of two differences is their mean.
        assertEquals(2.5, PairedFloor.layerMs(layer, floor), 1e-12);
    }

    @Test
    void unpairedStepsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedFloor.layerMs(new double[3], new double[2]));
        assertTrue(e.getMessage().contains("3 steps but the floor 2"), e.getMessage());
        assertTrue(Double.isNaN(PairedFloor.layerMs(new double[0], new double[0])));
    }
}

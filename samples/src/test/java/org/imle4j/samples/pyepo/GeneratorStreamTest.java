package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The three PyEPO generators' streams for a fixed seed, pinned bit for bit: their features, noise and costs are made
 * by shared code, and a change to it must not move a single number. The expected fingerprints are those of the
 * generators before they shared that code.
 */
class GeneratorStreamTest {
    private static final int FEATURES = 5;
    private static final int DEGREE = 3;
    private static final double HALF_WIDTH = 0.3;
    private static final long SEED = 17;

    @Test
    void shortestPathStreamIsUnchanged() {
        ShortestPathData.Samples samples = new ShortestPathData(4, 4, FEATURES, DEGREE, HALF_WIDTH, SEED).next(3);
        long fingerprint = fingerprint(samples.features(), samples.costs());
        for (double[] row : samples.noise()) {
            fingerprint = fold(fingerprint, row);
        }
        assertEquals(8601234373873915105L, fingerprint);
    }

    @Test
    void knapsackStreamIsUnchanged() {
        DflDataset samples = new KnapsackData(10, 2, FEATURES, DEGREE, HALF_WIDTH, SEED, (v, w, c) -> new int[v.length])
                .next(3);
        assertEquals(-6942009371106230066L, fingerprint(samples.features(), samples.costs()));
    }

    @Test
    void tspStreamIsUnchanged() {
        TspData data = new TspData(6, FEATURES, DEGREE, HALF_WIDTH, SEED, c -> new int[c.length]);
        long fingerprint = fold(0, data.distances());
        for (double[] row : data.basis()) {
            fingerprint = fold(fingerprint, row);
        }
        DflDataset samples = data.next(3);
        assertEquals(6893656754091272707L, fold(fingerprint, fingerprint(samples.features(), samples.costs())));
    }

    private static long fingerprint(double[][] features, float[][] costs) {
        long fingerprint = 0;
        for (double[] row : features) {
            fingerprint = fold(fingerprint, row);
        }
        for (float[] row : costs) {
            for (float cost : row) {
                fingerprint = fingerprint * 1_000_003 + Float.floatToIntBits(cost);
            }
        }
        return fingerprint;
    }

    private static long fold(long fingerprint, double... values) {
        for (double value : values) {
            fingerprint = fingerprint * 1_000_003 + Double.doubleToLongBits(value);
        }
        return fingerprint;
    }
}

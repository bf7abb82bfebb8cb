package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imle4j.ortools.TravellingSalesperson;
import org.junit.jupiter.api.Test;

/** The generator follows PyEPO's formulas, its stream is reproducible, and its labels are optimal tours. */
class TspDataTest {
    private static final int NODES = 7;
    private static final int FEATURES = 4;
    private static final TravellingSalesperson SOLVER = TravellingSalesperson.builder().setNodes(NODES).build();

    @Test
    void costsAreDistancesPlusThePolynomialFeatureCostRoundedToFourDecimals() {
        for (int degree : new int[] {1, 2, 4}) {
            TspData data = new TspData(NODES, FEATURES, degree, 0, 11, SOLVER::tour);
            DflDataset samples = data.next(20);
            double[] distances = data.distances();
            double[][] basis = data.basis();
            for (int i = 0; i < samples.size(); i++) {
                for (int e = 0; e < distances.length; e++) {
                    double projection = 0;
                    for (int k = 0; k < FEATURES; k++) {
                        projection += basis[e][k] * samples.features()[i][k];
                    }
                    double expected = distances[e]
                            + Math.pow(projection / Math.sqrt(FEATURES) + 3, degree) / Math.pow(3, degree - 1);
                    float cost = samples.costs()[i][e];
                    // Rounding to 4 decimals moves a cost by at most 5e-5, storing it as a float by half an ulp.
                    assertEquals(expected, cost, 5e-5 + Math.ulp(cost), "deg " + degree + ", sample " + i);
                    assertEquals(Math.rint(cost * 1e4) / 1e4, cost, Math.ulp(cost));
                }
            }
        }
    }

    @Test
    void noiseScalesTheFeatureCostWithinItsHalfWidth() {
        TspData data = new TspData(NODES, FEATURES, 2, 0.5, 12, SOLVER::tour);
        TspData noiseless = new TspData(NODES, FEATURES, 2, 0, 12, SOLVER::tour);
        double[] distances = data.distances();
        assertArrayEquals(distances, noiseless.distances());
        DflDataset samples = data.next(30);
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        double[][] basis = data.basis();
        for (int i = 0; i < samples.size(); i++) {
            for (int e = 0; e < distances.length; e++) {
                double projection = 0;
                for (int k = 0; k < FEATURES; k++) {
                    projection += basis[e][k] * samples.features()[i][k];
                }
                double featureCost = Math.pow(projection / Math.sqrt(FEATURES) + 3, 2) / 3;
                double ratio = (samples.costs()[i][e] - distances[e]) / featureCost;
                smallest = Math.min(smallest, ratio);
                largest = Math.max(largest, ratio);
            }
        }
        // 630 uniform draws on [0.5, 1.5]: the extremes lie within 0.01 of the ends but for a chance below 1e-5.
        double slack = 1e-3;
        assertTrue(smallest >= 0.5 - slack && smallest < 0.51, "smallest noise " + smallest);
        assertTrue(largest <= 1.5 + slack && largest > 1.49, "largest noise " + largest);
    }

    @Test
    void distancesAreEuclideanAndBMixesBernoulliAndUniformFactors() {
        TspData data = new TspData(NODES, FEATURES, 1, 0, 13, SOLVER::tour);
        double[] distances = data.distances();
        for (int i = 0; i < NODES; i++) {
            for (int j = 0; j < NODES; j++) {
                for (int k = 0; k < NODES; k++) {
                    if (i != j && j != k && i != k) {
                        assertTrue(distance(distances, i, k) <= distance(distances, i, j) + distance(distances, j, k)
                                + 1e-12, "triangle " + i + "," + j + "," + k);
                    }
                }
            }
        }
        TspData large = new TspData(40, 10, 1, 0, 14, costs -> new int[costs.length]);
        int zeros = 0;
        int entries = 0;
        for (double[] row : large.basis()) {
            for (double b : row) {
                assertTrue(b > -2 && b < 2, "entry " + b);
                zeros += b == 0 ? 1 : 0;
                entries++;
            }
        }
        // 7800 Bernoulli(0.5) factors: the share of zeros has standard deviation 0.0057; ±0.03 is over 5 of them.
        assertEquals(0.5, zeros / (double) entries, 0.03);
    }

    @Test
    void theStreamIsReproducibleAndEverySampleCarriesItsOptimalTour() {
        DflDataset first = new TspData(NODES, FEATURES, 4, 0.5, 15, SOLVER::tour).next(12);
        DflDataset again = new TspData(NODES, FEATURES, 4, 0.5, 15, SOLVER::tour).next(12);
        assertArrayEquals(first.costs(), again.costs());
        assertArrayEquals(first.features(), again.features());
        for (int i = 0; i < first.size(); i++) {
            int ones = 0;
            for (int z : first.solutions()[i]) {
                ones += z;
            }
            assertEquals(NODES, ones, "edges of tour " + i);
            assertEquals(DflDataset.dot(first.costs()[i], first.solutions()[i]), first.optima()[i], 1e-9);
            assertArrayEquals(SOLVER.tour(first.costs()[i]), first.solutions()[i]);
        }
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new TspData(2, FEATURES, 1, 0, 1, SOLVER::tour));
        assertThrows(IllegalArgumentException.class, () -> new TspData(NODES, 0, 1, 0, 1, SOLVER::tour));
        assertThrows(IllegalArgumentException.class, () -> new TspData(NODES, FEATURES, 0, 0, 1, SOLVER::tour));
        assertThrows(IllegalArgumentException.class, () -> new TspData(NODES, FEATURES, 1, 1.5, 1, SOLVER::tour));
    }

    private static double distance(double[] distances, int i, int j) {
        return distances[TravellingSalesperson.edgeIndex(i, j, NODES)];
    }
}

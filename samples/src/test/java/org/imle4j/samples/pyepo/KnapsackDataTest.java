package org.imle4j.samples.pyepo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imle4j.runtime.solvers.Knapsack;
import org.junit.jupiter.api.Test;

/** PyEPO's knapsack generator: its ranges, formula, capacity rule, stream and optimal selections. */
class KnapsackDataTest {
    /** One dimension, so that the runtime's exact DP is the solver. */
    private static KnapsackData oneDimension(int degree, double halfWidth, long seed) {
        return new KnapsackData(12, 1, 3, degree, halfWidth, seed,
                (values, weights, capacities) -> Knapsack.select(values, weights[0], capacities[0]));
    }

    @Test
    void weightsAndCapacitiesFollowPyEposRules() {
        KnapsackData data = new KnapsackData(40, 3, 5, 2, 0.5, 9, (v, w, c) -> new int[v.length]);
        for (int i = 0; i < 3; i++) {
            long total = 0;
            for (int weight : data.weights()[i]) {
                assertTrue(weight >= 300 && weight <= 799, "weight " + weight + " in hundredths");
                total += weight;
            }
            // ⌊0.5 Σ w⌋ in units, times 100.
            assertEquals(100 * Math.floor(0.5 * total / 100.0), data.capacities()[i], 0);
        }
    }

    @Test
    void withoutNoiseTheValuesAreTheRoundedUpPolynomialOfTheFeatures() {
        int degree = 4;
        KnapsackData data = oneDimension(degree, 0, 4);
        int[][] basis = data.basis();
        DflDataset samples = data.next(50);
        for (int i = 0; i < samples.size(); i++) {
            for (int j = 0; j < 12; j++) {
                double projection = 0;
                for (int k = 0; k < 3; k++) {
                    projection += basis[j][k] * samples.features()[i][k];
                }
                double expected = Math.ceil(5 * (Math.pow(projection / Math.sqrt(3) + 3, degree) + 1)
                        / Math.pow(3.5, degree));
                assertEquals(expected, samples.costs()[i][j], 0, "sample " + i + ", item " + j);
            }
        }
    }

    @Test
    void noiseKeepsValuesWithinItsBoundsRoundedUp() {
        KnapsackData noisy = oneDimension(2, 0.5, 6);
        KnapsackData clean = oneDimension(2, 0, 6);
        DflDataset a = noisy.next(40);
        DflDataset b = clean.next(40);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.features()[i], a.features()[i], 0, "the features do not depend on the noise");
            for (int j = 0; j < 12; j++) {
                // c = ⌈base·ε⌉ with ε ∈ [0.5, 1.5] and ⌈base⌉ = clean value, so ⌈(clean − 1)·0.5⌉ ≤ c ≤ ⌈1.5·clean⌉.
                float value = a.costs()[i][j];
                assertTrue(value >= 1 && value == Math.rint(value), "an integer, at least 1: " + value);
                assertTrue(value <= Math.ceil(1.5 * b.costs()[i][j]), value + " vs " + b.costs()[i][j]);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameStreamAndSelectionsAreOptimal() {
        DflDataset first = oneDimension(2, 0.5, 8).next(30);
        DflDataset again = oneDimension(2, 0.5, 8).next(30);
        KnapsackData data = oneDimension(2, 0.5, 8);
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(first.costs()[i], again.costs()[i]);
            int[] dp = Knapsack.select(first.costs()[i], data.weights()[0], data.capacities()[0]);
            assertEquals(DflDataset.dot(first.costs()[i], dp), first.optima()[i], 1e-9);
            assertArrayEquals(dp, first.solutions()[i]);
        }
        assertEquals(0, first.normalisedRegret(first.costs(), org.imle4j.annotation.Objective.MAXIMIZE,
                data::solve), 0);
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThrows(IllegalArgumentException.class, () -> new KnapsackData(0, 1, 1, 1, 0, 1, (v, w, c) -> null));
        assertThrows(IllegalArgumentException.class, () -> new KnapsackData(4, 1, 1, 1, 1.5, 1, (v, w, c) -> null));
    }
}

package org.imle4j.runtime.solvers;

import static org.imle4j.runtime.testing.Failures.assertRejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KnapsackTest {
    @Test
    void matchesTheBestOfAllSubsetsThatFit() {
        Random random = new Random(71);
        for (int instance = 0; instance < 500; instance++) {
            int items = random.nextInt(13);
            boolean withTies = random.nextBoolean();
            float[] values = new float[items];
            int[] weights = new int[items];
            for (int item = 0; item < items; item++) {
                values[item] = withTies ? random.nextInt(5) - 1 : random.nextFloat() * 12 - 2;
                weights[item] = random.nextInt(11);
            }
            int capacity = random.nextInt(31);
            int[] z = Knapsack.select(values, weights, capacity);
            String context = "instance " + instance + ", values " + Arrays.toString(values) + ", weights "
                    + Arrays.toString(weights) + ", capacity " + capacity;

            assertEquals(items, z.length, context);
            int totalWeight = 0;
            double objective = 0;
            for (int item = 0; item < items; item++) {
                assertTrue(z[item] == 0 || z[item] == 1, context);
                assertTrue(z[item] == 0 || values[item] > 0, context + ": item " + item + " has no positive value");
                totalWeight += z[item] * weights[item];
                objective += z[item] * values[item];
            }
            assertTrue(totalWeight <= capacity, context + ": total weight " + totalWeight);
            double best = 0;
            for (int subset = 0; subset < 1 << items; subset++) {
                int subsetWeight = 0;
                double subsetValue = 0;
                for (int item = 0; item < items; item++) {
                    if ((subset >> item & 1) == 1) {
                        subsetWeight += weights[item];
                        subsetValue += values[item];
                    }
                }
                if (subsetWeight <= capacity) {
                    best = Math.max(best, subsetValue);
                }
            }
            assertEquals(best, objective, 1e-4 * Math.max(1, Math.abs(best)), context);
        }
    }

    @Test
    void takesWeightlessItemsOfPositiveValueAndNeverItemsWithoutValue() {
        float[] values = {0f, 2f, -1f, 0.5f};
        int[] weights = {0, 0, 0, 1};
        assertArrayEquals(new int[] {0, 1, 0, 0}, Knapsack.select(values, weights, 0));
    }

    @Test
    void onTiesLeavesLaterItemsOut() {
        assertArrayEquals(new int[] {1, 0}, Knapsack.select(new float[] {1f, 1f}, new int[] {1, 1}, 1));
        assertArrayEquals(new int[] {1, 0, 0}, Knapsack.select(new float[] {2f, 1f, 1f}, new int[] {2, 1, 1}, 2));
    }

    @Test
    void rejectsWeightsAndValuesOfDifferentLengths() {
        assertRejects("weights has length 2 but values has length 3",
                () -> Knapsack.select(new float[3], new int[2], 5));
    }

    @Test
    void rejectsANegativeWeight() {
        assertRejects("weights[1] is -2",
                () -> Knapsack.select(new float[] {1f, 1f}, new int[] {1, -2}, 5));
    }

    @Test
    void rejectsANegativeCapacity() {
        assertRejects("capacity is -1", () -> Knapsack.select(new float[] {1f}, new int[] {1}, -1));
    }

    @Test
    void rejectsNaNNamingItsItem() {
        assertRejects("values[0] is NaN",
                () -> Knapsack.select(new float[] {Float.NaN}, new int[] {1}, 1));
    }
}

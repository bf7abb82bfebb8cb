package org.imle4j.runtime.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.imle4j.runtime.testing.Scores;
import org.junit.jupiter.api.Test;

class TopKTest {
    @Test
    void matchesTheBestOfAllSubsetsOfSizeK() {
        Random random = new Random(21);
        for (int instance = 0; instance < 600; instance++) {
            int n = 1 + random.nextInt(10);
            int k = 1 + random.nextInt(n);
            float[] theta = Scores.withTies(random, n);
            int[] z = TopK.indicator(theta, k);
            String context = "instance " + instance + ", n=" + n + ", k=" + k;

            int ones = 0;
            double objective = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(z[i] == 0 || z[i] == 1, context);
                ones += z[i];
                objective += z[i] * theta[i];
            }
            assertEquals(k, ones, context);
            double bestObjective = Double.NEGATIVE_INFINITY;
            for (int subset = 0; subset < 1 << n; subset++) {
                if (Integer.bitCount(subset) != k) {
                    continue;
                }
                double subsetObjective = 0;
                for (int i = 0; i < n; i++) {
                    if ((subset >> i & 1) == 1) {
                        subsetObjective += theta[i];
                    }
                }
                bestObjective = Math.max(bestObjective, subsetObjective);
            }
            assertEquals(bestObjective, objective, 1e-4 * Math.max(1, Math.abs(bestObjective)), context);
        }
    }

    @Test
    void prefersLowerIndicesAmongEqualScoresOnLargeInstances() {
        Random random = new Random(22);
        for (int instance = 0; instance < 200; instance++) {
            int n = 1 + random.nextInt(300);
            int k = 1 + random.nextInt(Math.min(n, 20));
            float[] theta = new float[n];
            for (int i = 0; i < n; i++) {
                theta[i] = random.nextInt(6);
            }

            int[] expected = new int[n];
            IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -theta[i]).thenComparingInt(i -> i))
                    .limit(k)
                    .forEach(i -> expected[i] = 1);
            assertArrayEquals(expected, TopK.indicator(theta, k), "instance " + instance);
        }
    }

    @Test
    void selectsEverythingWhenKIsN() {
        int[] all = new int[7];
        Arrays.fill(all, 1);
        assertArrayEquals(all, TopK.indicator(new float[] {3f, -1f, 0f, 2f, 2f, Float.NEGATIVE_INFINITY, 5f}, 7));
    }

    @Test
    void rejectsKBelowOne() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> TopK.indicator(new float[] {1f, 2f}, 0));
        assertTrue(error.getMessage().contains("k is 0"), error.getMessage());
    }

    @Test
    void rejectsKAboveTheNumberOfScores() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> TopK.indicator(new float[] {1f, 2f}, 3));
        assertTrue(error.getMessage().contains("k is 3"), error.getMessage());
    }

    @Test
    void rejectsNaNNamingItsIndex() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TopK.indicator(new float[] {1f, Float.NaN, 2f}, 1));
        assertTrue(error.getMessage().contains("theta[1] is NaN"), error.getMessage());
    }
}

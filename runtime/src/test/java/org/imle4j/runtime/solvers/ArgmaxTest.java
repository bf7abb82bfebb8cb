package org.imle4j.runtime.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.imle4j.runtime.testing.Scores;
import org.junit.jupiter.api.Test;

class ArgmaxTest {
    @Test
    void matchesTheBestOneHotVectorOfRandomInstances() {
        Random random = new Random(11);
        for (int instance = 0; instance < 500; instance++) {
            float[] theta = Scores.withTies(random, 1 + random.nextInt(10));
            int[] z = Argmax.oneHot(theta);
            String context = "instance " + instance;

            int chosen = -1;
            for (int i = 0; i < z.length; i++) {
                assertTrue(z[i] == 0 || z[i] == 1, context);
                if (z[i] == 1) {
                    assertEquals(-1, chosen, context + ": more than one 1");
                    chosen = i;
                }
            }
            assertTrue(chosen >= 0, context + ": no 1");
            float bestObjective = Float.NEGATIVE_INFINITY;
            for (float candidateObjective : theta) {
                bestObjective = Math.max(bestObjective, candidateObjective);
            }
            assertEquals(bestObjective, theta[chosen], context);
            for (int earlier = 0; earlier < chosen; earlier++) {
                assertTrue(theta[earlier] < theta[chosen], context + ": a tie must go to the lowest index");
            }
        }
    }

    @Test
    void acceptsInfiniteScores() {
        float inf = Float.POSITIVE_INFINITY;
        assertArrayEquals(new int[] {0, 0, 1}, Argmax.oneHot(new float[] {-inf, 3f, inf}));
        assertArrayEquals(new int[] {0, 1, 0}, Argmax.oneHot(new float[] {-inf, 3f, -inf}));
    }

    @Test
    void rejectsAnEmptyScoreVector() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Argmax.oneHot(new float[0]));
        assertTrue(error.getMessage().contains("theta is empty"), error.getMessage());
    }

    @Test
    void rejectsNaNNamingItsIndex() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Argmax.oneHot(new float[] {1f, 2f, Float.NaN}));
        assertTrue(error.getMessage().contains("theta[2] is NaN"), error.getMessage());
    }
}

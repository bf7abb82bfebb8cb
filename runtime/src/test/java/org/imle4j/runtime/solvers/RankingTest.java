package org.imle4j.runtime.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void matchesTheBestOfAllPermutations() {
        Random random = new Random(81);
        for (int instance = 0; instance < 400; instance++) {
            int n = 1 + instance % 7;
            boolean withTies = random.nextBoolean();
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = withTies ? random.nextInt(3) - 1 : (float) random.nextGaussian();
            }
            int[] z = Ranking.ranks(scores);
            String context = "instance " + instance + ", scores " + Arrays.toString(scores);

            int[] sortedRanks = z.clone();
            Arrays.sort(sortedRanks);
            for (int position = 0; position < n; position++) {
                assertEquals(position + 1, sortedRanks[position], context + ": not a permutation of 1..n");
            }
            double best = bestPermutation(scores, 0, new boolean[n + 1], 0);
            assertEquals(best, objective(z, scores), 1e-4 * Math.max(1, Math.abs(best)), context);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (scores[i] == scores[j]) {
                        assertTrue(z[i] < z[j], context + ": of equal scores the lower index ranks lower");
                    }
                }
            }
        }
    }

    @Test
    void ranksTheLargestScoreHighest() {
        assertArrayEquals(new int[] {2, 1, 4, 3}, Ranking.ranks(new float[] {0.5f, -1f, 3f, 0.5f}));
    }

    @Test
    void ordersInfiniteScoresAndSignedZeros() {
        float inf = Float.POSITIVE_INFINITY;
        assertArrayEquals(new int[] {4, 2, 1, 3}, Ranking.ranks(new float[] {inf, 0f, -inf, -0f}));
    }

    @Test
    void rejectsNaNNamingItsIndex() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Ranking.ranks(new float[] {1f, Float.NaN}));
        assertTrue(error.getMessage().contains("scores[1] is NaN"), error.getMessage());
    }

    /** Best ⟨z, scores⟩ over every assignment of the distinct ranks 1..n to the items. */
    private static double bestPermutation(float[] scores, int item, boolean[] rankUsed, double objectiveSoFar) {
        if (item == scores.length) {
            return objectiveSoFar;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int rank = 1; rank <= scores.length; rank++) {
            if (!rankUsed[rank]) {
                rankUsed[rank] = true;
                double objective = objectiveSoFar + rank * (double) scores[item];
                best = Math.max(best, bestPermutation(scores, item + 1, rankUsed, objective));
                rankUsed[rank] = false;
            }
        }
        return best;
    }

    private static double objective(int[] z, float[] scores) {
        double total = 0;
        for (int i = 0; i < z.length; i++) {
            total += z[i] * (double) scores[i];
        }
        return total;
    }
}

package org.imle4j.runtime.solvers;

import java.util.Arrays;
import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/** Ranking by score: the vertex of the permutahedron that maximises ⟨z, θ⟩. */
public final class Ranking {
    private Ranking() {
    }

    /**
     * Rank of every item, 1 for the smallest score up to n for the largest, maximising ⟨z, θ⟩ over the permutations
     * z of (1, …, n), that is over the vertices of the permutahedron.
     *
     * <p>By the rearrangement inequality the maximum pairs larger scores with larger ranks. Among equal scores the
     * lower index gets the lower rank. Scores may be ±∞. Runs in O(n log n).
     *
     * @param scores the n scores; no NaN
     * @return z of length n, a permutation of 1 … n with {@code z[i]} the rank of item i
     * @throws IllegalArgumentException if a score is NaN
     */
    @AimleLayer(name = "RankingLayer", structure = Structure.RANKING)
    public static int[] ranks(float[] scores) {
        Objects.requireNonNull(scores, "scores");
        long[] itemsByIncreasingScore = new long[scores.length];
        for (int item = 0; item < scores.length; item++) {
            if (Float.isNaN(scores[item])) {
                throw new IllegalArgumentException("scores[" + item + "] is NaN; scores must be numbers");
            }
            itemsByIncreasingScore[item] = increasingScoreKey(scores[item], item);
        }
        Arrays.sort(itemsByIncreasingScore);
        int[] z = new int[scores.length];
        for (int position = 0; position < scores.length; position++) {
            z[(int) itemsByIncreasingScore[position]] = position + 1;
        }
        return z;
    }

    /**
     * A long whose natural order is increasing score, then increasing item index, so that items sort as primitives:
     * the high half maps the float's bits to an int that orders like the float, and the low half is the item index.
     */
    private static long increasingScoreKey(float score, int item) {
        int bits = Float.floatToIntBits(score + 0f); // + 0f turns −0 into +0, which compare equal as floats.
        int orderedLikeFloat = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) orderedLikeFloat << 32) | item;
    }
}

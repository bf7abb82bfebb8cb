package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureRanksTest {
    private static final boolean[] FIRST_TWO = {true, true, false, false, false, false, false, false, false, false};
    private static final boolean[] FIRST_FIVE = {true, true, true, true, true, false, false, false, false, false};
    private static final int[] NO_TWINS = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    /** The code's switch layout, nonlinear-additive branch: x1..x4 copied into x5..x8, which count as important. */
    private static final int[] SWITCH_TWINS = {4, 5, 6, 7, 0, 1, 2, 3, -1, -1};
    private static final boolean[] COPIES_AND_SWITCH = {false, false, false, false, true, true, true, true, false,
        true};
    private static final boolean[] ORIGINALS_AND_SWITCH = {true, true, true, true, false, false, false, false, false,
        true};

    @Test
    void idealScoresGiveTheMedianOfOneToK() {
        float[] scores = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertEquals(1.5, FeatureRanks.medianRank(scores, FIRST_TWO));
        assertEquals(3.0, FeatureRanks.medianRank(scores, FIRST_FIVE));
    }

    @Test
    void reversedScoresGiveTheWorstRanks() {
        float[] scores = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(9.5, FeatureRanks.medianRank(scores, FIRST_TWO));
        assertEquals(8.0, FeatureRanks.medianRank(scores, FIRST_FIVE));
    }

    @Test
    void tiesShareTheMeanOfTheirRanks() {
        assertEquals(5.5, FeatureRanks.medianRank(new float[10], FIRST_TWO));
        assertEquals(5.5, FeatureRanks.medianRank(new float[10], FIRST_FIVE));
    }

    @Test
    void randomScoresAverageFiveAndAHalf() {
        Random random = new Random(1);
        int examples = 20_000;
        float[][] scores = new float[examples][10];
        boolean[][] important = new boolean[examples][];
        for (int e = 0; e < examples; e++) {
            for (int i = 0; i < 10; i++) {
                scores[e][i] = random.nextFloat();
            }
            important[e] = e % 2 == 0 ? FIRST_TWO : FIRST_FIVE;
        }
        assertEquals(5.5, FeatureRanks.meanMedianRank(scores, important), 0.05);
    }

    @Test
    void maskSelectingExactlyTheImportantFeaturesIsIdealWhateverTheTieBreaking() {
        Random random = new Random(2);
        for (int trial = 0; trial < 100; trial++) {
            assertEquals(new FeatureRanks.MaskRanks(1.5, 1.5), ranks(FIRST_TWO, FIRST_TWO, NO_TWINS, random));
            assertEquals(new FeatureRanks.MaskRanks(3.0, 3.0), ranks(FIRST_FIVE, FIRST_FIVE, NO_TWINS, random));
            assertEquals(new FeatureRanks.MaskRanks(3.0, 3.0),
                    ranks(COPIES_AND_SWITCH, COPIES_AND_SWITCH, SWITCH_TWINS, random));
        }
    }

    @Test
    void maskRanksBreakTiesUniformly() {
        // One important feature selected (rank 1 or 2), the other not (rank 3 … 10): the median is their mean, whose
        // expectation is (1.5 + 6.5)/2 = 4 and variance (1/4 + 21/4)/4 = 1.375 per example.
        boolean[] mask = {true, false, true, false, false, false, false, false, false, false};
        int examples = 20_000;
        boolean[][] masks = new boolean[examples][];
        boolean[][] important = new boolean[examples][];
        for (int e = 0; e < examples; e++) {
            masks[e] = mask;
            important[e] = FIRST_TWO;
        }
        int[][] twins = new int[examples][];
        Arrays.fill(twins, NO_TWINS);
        FeatureRanks.MaskRanks one = FeatureRanks.meanMaskMedianRanks(masks, important, twins, new Random(3));
        assertEquals(4.0, one.medianRank(), 5 * Math.sqrt(1.375 / examples));
        assertEquals(one.medianRank(), one.copyAwareMedianRank());
        // Neither selected: two distinct ranks uniform on 3 … 10, mean 6.5, variance (63/12)·(1 − 1/7)/2 = 2.25.
        boolean[] none = {false, false, true, true, false, false, false, false, false, false};
        for (int e = 0; e < examples; e++) {
            masks[e] = none;
        }
        assertEquals(6.5, FeatureRanks.meanMaskMedianRanks(masks, important, twins, new Random(4)).medianRank(),
                5 * Math.sqrt(2.25 / examples));
    }

    @Test
    void showingTheOriginalsOfImportantCopiesIsIdealOnlyWhenCopiesCount() {
        Random random = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            FeatureRanks.MaskRanks ranks = ranks(ORIGINALS_AND_SWITCH, COPIES_AND_SWITCH, SWITCH_TWINS, random);
            // x10 ranks 1 … 5, the four copies 6 … 10 (four of those five ranks): the median is the second of them.
            assertTrue(ranks.medianRank() >= 7 && ranks.medianRank() <= 8, "rank " + ranks.medianRank());
            // Each copy ranks where its selected original does, so the five important features hold ranks 1 … 5.
            assertEquals(3.0, ranks.copyAwareMedianRank());
        }
    }

    @Test
    void aPairCountsOnceSoTheCopyAwareRankCannotBeatTheIdeal() {
        // Selected: x1, its copy x5, x2, x3 and x10; x4 and x8 (the fourth pair) are left out.
        boolean[] mask = {true, true, true, false, true, false, false, false, false, true};
        Random random = new Random(6);
        for (int trial = 0; trial < 100; trial++) {
            // Pairs 1 … 3 and x10 take four distinct ranks of 1 … 5, the fourth pair one of 6 … 10: the median, the
            // third smallest, is 3 or 4.
            double rank = ranks(mask, COPIES_AND_SWITCH, SWITCH_TWINS, random).copyAwareMedianRank();
            assertTrue(rank == 3 || rank == 4, "rank " + rank);
        }
    }

    private static FeatureRanks.MaskRanks ranks(boolean[] mask, boolean[] important, int[] twins, Random random) {
        return FeatureRanks.meanMaskMedianRanks(new boolean[][] {mask}, new boolean[][] {important},
                new int[][] {twins}, random);
    }
}

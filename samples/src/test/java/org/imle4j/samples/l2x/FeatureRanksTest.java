package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureRanksTest {
    private static final boolean[] FIRST_TWO = {true, true, false, false, false, false, false, false, false, false};
    private static final boolean[] FIRST_FIVE = {true, true, true, true, true, false, false, false, false, false};

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
            assertEquals(1.5, FeatureRanks.maskMedianRank(FIRST_TWO, FIRST_TWO, random));
            assertEquals(3.0, FeatureRanks.maskMedianRank(FIRST_FIVE, FIRST_FIVE, random));
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
        assertEquals(4.0, FeatureRanks.meanMaskMedianRank(masks, important, new Random(3)),
                5 * Math.sqrt(1.375 / examples));
        // Neither selected: two distinct ranks uniform on 3 … 10, mean 6.5, variance (63/12)·(1 − 1/7)/2 = 2.25.
        boolean[] none = {false, false, true, true, false, false, false, false, false, false};
        for (int e = 0; e < examples; e++) {
            masks[e] = none;
        }
        assertEquals(6.5, FeatureRanks.meanMaskMedianRank(masks, important, new Random(4)),
                5 * Math.sqrt(2.25 / examples));
    }
}

package org.imle4j.samples.l2x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LeakageProbeTest {
    private static final int EXAMPLES = 10_000;
    private static final double LABEL_RATE = 0.6;

    @Test
    void masksThatEncodeTheLabelPredictIt() {
        Random random = new Random(1);
        boolean[] labels = labels(random);
        boolean[][] masks = new boolean[EXAMPLES][];
        for (int e = 0; e < EXAMPLES; e++) {
            masks[e] = labels[e] ? mask(0, 1) : mask(0, 2);
        }
        assertEquals(1.0, LeakageProbe.accuracy(masks, labels));
    }

    @Test
    void masksThatEncodeTheLabelFourTimesInFivePredictItThatOften() {
        Random random = new Random(2);
        boolean[] labels = labels(random);
        boolean[][] masks = new boolean[EXAMPLES][];
        for (int e = 0; e < EXAMPLES; e++) {
            boolean told = random.nextDouble() < 0.8 ? labels[e] : !labels[e];
            masks[e] = told ? mask(3, 4) : mask(5, 6);
        }
        // The held-out half: 5000 examples, each right with probability 0.8.
        assertEquals(0.8, LeakageProbe.accuracy(masks, labels), 5 * Math.sqrt(0.8 * 0.2 / (EXAMPLES / 2)));
    }

    @Test
    void masksIndependentOfTheLabelGiveTheBaseRate() {
        Random random = new Random(3);
        boolean[] labels = labels(random);
        boolean[][] masks = new boolean[EXAMPLES][];
        boolean[][] patterns = {mask(0, 1), mask(2, 3), mask(4, 5), mask(6, 7)};
        int ones = 0;
        for (int e = 0; e < EXAMPLES; e++) {
            masks[e] = patterns[random.nextInt(patterns.length)];
            ones += e >= EXAMPLES / 2 && labels[e] ? 1 : 0;
        }
        // About 1250 fitting examples per pattern: every pattern's majority is 1 (a 0 majority is 14 standard errors
        // away), so the probe predicts 1 throughout and scores the held-out half's share of ones exactly.
        assertEquals(ones / (double) (EXAMPLES / 2), LeakageProbe.accuracy(masks, labels), 1e-12);
        assertEquals(LABEL_RATE, ones / (double) (EXAMPLES / 2), 5 * Math.sqrt(0.24 / (EXAMPLES / 2)));
    }

    @Test
    void unseenPatternsGetTheOverallMajority() {
        boolean[] labels = {true, true, false, false, true, true};
        boolean[][] masks = {mask(0), mask(0), mask(1), mask(2), mask(3), mask(0)};
        // Fitted on the first three (majority true); held out: mask 2 unseen → true (wrong), mask 3 unseen → true,
        // mask 0 → true.
        assertEquals(2 / 3.0, LeakageProbe.accuracy(masks, labels), 1e-12);
    }

    @Test
    void rejectsMismatchedOrTooFewExamples() {
        assertThrows(IllegalArgumentException.class, () -> LeakageProbe.accuracy(new boolean[][] {mask(0)},
                new boolean[] {true}));
        assertThrows(IllegalArgumentException.class, () -> LeakageProbe.accuracy(new boolean[][] {mask(0),
                mask(1)}, new boolean[] {true}));
    }

    private static boolean[] labels(Random random) {
        boolean[] labels = new boolean[EXAMPLES];
        for (int e = 0; e < EXAMPLES; e++) {
            labels[e] = random.nextDouble() < LABEL_RATE;
        }
        return labels;
    }

    private static boolean[] mask(int... features) {
        boolean[] mask = new boolean[10];
        for (int feature : features) {
            mask[feature] = true;
        }
        return mask;
    }
}

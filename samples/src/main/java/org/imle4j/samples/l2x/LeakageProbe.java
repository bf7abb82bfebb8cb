package org.imle4j.samples.l2x;

import java.util.HashMap;
import java.util.Map;

/**
 * How much a selection mask tells about the label by its pattern alone, whatever the values of the selected features:
 * the encoding shortcut of Jethani, Sudarshan, Aphinyanaphongs and Ranganath ("Have We Learned to Explain?", AISTATS
 * 2021), where the explainer chooses which features to show so that the choice itself encodes the class.
 *
 * <p>The classifier is the majority label of each mask pattern, counted on the first half of the examples (the Bayes
 * classifier of the label given the pattern, estimated by counting; with ten features and k selected there are at
 * most 252 patterns); a pattern not seen there gets the first half's majority label. Its accuracy is measured on the
 * second half. A mask that does not depend on x, such as the true mask of XOR, orange skin or nonlinear additive,
 * gives the base rate; on the switch datasets the true mask tells the branch, and through it some of the label.
 */
final class LeakageProbe {
    private LeakageProbe() {}

    /**
     * The held-out accuracy of predicting the label from the mask pattern alone.
     *
     * @param masks the selected features of each example, all rows of the same length (at most 31)
     * @param labels the label of each example
     * @return the share of the second half's examples whose label the first half's majority per pattern predicts
     * @throws IllegalArgumentException if there are fewer than two examples or the lengths differ
     */
    static double accuracy(boolean[][] masks, boolean[] labels) {
        if (masks.length != labels.length || masks.length < 2) {
            throw new IllegalArgumentException("the leakage probe needs at least two examples, one mask and one label "
                    + "each, but got " + masks.length + " masks and " + labels.length + " labels");
        }
        int half = masks.length / 2;
        Map<Integer, int[]> counts = new HashMap<>();
        int ones = 0;
        for (int e = 0; e < half; e++) {
            int[] count = counts.computeIfAbsent(pattern(masks[e]), key -> new int[2]);
            count[labels[e] ? 1 : 0]++;
            ones += labels[e] ? 1 : 0;
        }
        boolean majority = 2 * ones > half;
        int correct = 0;
        for (int e = half; e < masks.length; e++) {
            int[] count = counts.get(pattern(masks[e]));
            boolean predicted = count == null || count[0] == count[1] ? majority : count[1] > count[0];
            correct += predicted == labels[e] ? 1 : 0;
        }
        return correct / (double) (masks.length - half);
    }

    private static int pattern(boolean[] mask) {
        if (mask.length > 31) {
            throw new IllegalArgumentException("the leakage probe takes masks of at most 31 features, but got "
                    + mask.length);
        }
        int bits = 0;
        for (int j = 0; j < mask.length; j++) {
            bits |= mask[j] ? 1 << j : 0;
        }
        return bits;
    }
}

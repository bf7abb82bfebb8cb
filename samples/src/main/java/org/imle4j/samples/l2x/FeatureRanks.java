package org.imle4j.samples.l2x;

import java.util.Arrays;

/**
 * The explanation metric of L2X's synthetic experiments: rank the features of an example by the explainer's scores
 * (rank 1 the highest), take the median of the ranks of the example's truly important features, and average that
 * over the examples. With k important features the ideal is the median of 1 … k, (k + 1)/2; scores that ignore the
 * features give 5.5 for ten features.
 */
final class FeatureRanks {
    private FeatureRanks() {}

    /**
     * The mean over examples of the median rank of the important features.
     *
     * @param scores the explainer's scores, one row per example
     * @param important which features of each example are important
     */
    static double meanMedianRank(float[][] scores, boolean[][] important) {
        double sum = 0;
        for (int e = 0; e < scores.length; e++) {
            sum += medianRank(scores[e], important[e]);
        }
        return sum / scores.length;
    }

    /**
     * The median rank of the important features of one example. Tied scores share the mean of the ranks they span,
     * the expected rank under a random order of the ties.
     */
    static double medianRank(float[] scores, boolean[] important) {
        double[] ranks = new double[scores.length];
        int count = 0;
        for (int j = 0; j < scores.length; j++) {
            if (!important[j]) {
                continue;
            }
            int greater = 0;
            int tied = 0;
            for (int l = 0; l < scores.length; l++) {
                if (scores[l] > scores[j]) {
                    greater++;
                } else if (l != j && scores[l] == scores[j]) {
                    tied++;
                }
            }
            ranks[count++] = 1 + greater + tied / 2.0;
        }
        if (count == 0) {
            throw new IllegalArgumentException("an example must have at least one important feature");
        }
        double[] sorted = Arrays.copyOf(ranks, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

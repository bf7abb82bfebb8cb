package org.imle4j.samples.l2x;

import java.util.Arrays;
import java.util.Random;

/**
 * The explanation metric of L2X's synthetic experiments: rank the features of an example by the explainer's scores
 * (rank 1 the highest), take the median of the ranks of the example's truly important features, and average that
 * over the examples. With k important features the ideal is the median of 1 … k, (k + 1)/2; scores that ignore the
 * features give 5.5 for ten features.
 *
 * <p>Two ways to rank: by the explainer's scores θ ({@link #meanMedianRank}, ties sharing the mean of their ranks),
 * and, as the L2X code does ({@code create_rank} in {@code synthetic/explain.py}), by the hard top-k mask, the k
 * selected features before the others and ties broken by a uniformly random order ({@link #meanMaskMedianRank}).
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
     * The mean over examples of the median rank of the important features when the features are ranked by a hard
     * mask, the selected ones first, ties broken by a random permutation per example (the L2X code's metric).
     *
     * @param masks the selected features of each example
     * @param important which features of each example are important
     * @param random the source of the tie-breaking orders
     */
    static double meanMaskMedianRank(boolean[][] masks, boolean[][] important, Random random) {
        double sum = 0;
        for (int e = 0; e < masks.length; e++) {
            sum += maskMedianRank(masks[e], important[e], random);
        }
        return sum / masks.length;
    }

    /** The median rank of one example's important features under its mask, ties broken by {@code random}. */
    static double maskMedianRank(boolean[] mask, boolean[] important, Random random) {
        int d = mask.length;
        int[] order = new int[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        for (int j = d - 1; j > 0; j--) {
            int other = random.nextInt(j + 1);
            int swap = order[j];
            order[j] = order[other];
            order[other] = swap;
        }
        // The permuted order, selected features first: a feature's rank is its place in it.
        double[] ranks = new double[d];
        int rank = 1;
        for (boolean selected : new boolean[] {true, false}) {
            for (int feature : order) {
                if (mask[feature] == selected) {
                    ranks[feature] = rank++;
                }
            }
        }
        return median(ranks, important);
    }

    /**
     * The median rank of the important features of one example. Tied scores share the mean of the ranks they span,
     * the expected rank under a random order of the ties.
     */
    static double medianRank(float[] scores, boolean[] important) {
        double[] ranks = new double[scores.length];
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
            ranks[j] = 1 + greater + tied / 2.0;
        }
        return median(ranks, important);
    }

    private static double median(double[] ranksByFeature, boolean[] important) {
        double[] ranks = new double[ranksByFeature.length];
        int count = 0;
        for (int j = 0; j < ranksByFeature.length; j++) {
            if (important[j]) {
                ranks[count++] = ranksByFeature[j];
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("an example must have at least one important feature");
        }
        double[] sorted = Arrays.copyOf(ranks, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

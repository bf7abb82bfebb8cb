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
 * selected features before the others and ties broken by a uniformly random order ({@link #meanMaskMedianRanks}).
 *
 * <p>Where a layout copies features (the code's switch, {@link L2xDataset#SWITCH_CODE}), a feature and its copy carry
 * the same information, and showing either explains the label equally well. The copy-aware rank counts each such pair
 * as one true feature, ranked where the better ranked of the two stands; the ideal stays (k + 1)/2, since the pairs'
 * ranks remain distinct.
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
     * Mask-ranked median ranks averaged over examples.
     *
     * @param medianRank the median rank of the important features (the L2X code's metric)
     * @param copyAwareMedianRank the same with each important feature ranked where the better of it and its twin
     *     stands; equal to {@code medianRank} where no feature has a twin
     */
    record MaskRanks(double medianRank, double copyAwareMedianRank) {}

    /**
     * The mean over examples of the median rank of the important features when the features are ranked by a hard
     * mask, the selected ones first, ties broken by a random permutation per example (the L2X code's metric), and
     * of its copy-aware variant under the same permutations.
     *
     * @param masks the selected features of each example
     * @param important which features of each example are important
     * @param twins for each example and feature, the feature holding the same value, or −1
     * @param random the source of the tie-breaking orders
     */
    static MaskRanks meanMaskMedianRanks(boolean[][] masks, boolean[][] important, int[][] twins, Random random) {
        double sum = 0;
        double copyAwareSum = 0;
        for (int e = 0; e < masks.length; e++) {
            double[] ranks = maskRanks(masks[e], random);
            sum += median(ranks, important[e]);
            copyAwareSum += median(bestOfTwins(ranks, twins[e]), important[e]);
        }
        return new MaskRanks(sum / masks.length, copyAwareSum / masks.length);
    }

    /** Each feature's rank under {@code mask}: the selected ones first, in an order drawn from {@code random}. */
    private static double[] maskRanks(boolean[] mask, Random random) {
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
        return ranks;
    }

    /** Each feature's rank, or its twin's where the twin ranks better. */
    private static double[] bestOfTwins(double[] ranks, int[] twins) {
        double[] best = ranks.clone();
        for (int j = 0; j < ranks.length; j++) {
            if (twins[j] >= 0) {
                best[j] = Math.min(ranks[j], ranks[twins[j]]);
            }
        }
        return best;
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

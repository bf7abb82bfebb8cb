package org.imle4j.runtime.testing;

import java.util.Random;

/** Random scores for the solvers' tests against brute force. */
public final class Scores {
    private Scores() {}

    /**
     * Standard normal scores, or half of the time small integers in [−2, 1], so that ties are common.
     *
     * @param random the generator
     * @param n the number of scores
     * @return the scores
     */
    public static float[] withTies(Random random, int n) {
        boolean withTies = random.nextBoolean();
        float[] theta = new float[n];
        for (int i = 0; i < n; i++) {
            theta[i] = withTies ? random.nextInt(4) - 2 : (float) random.nextGaussian();
        }
        return theta;
    }
}

package org.imle4j.samples.topk;

import java.util.Random;

/**
 * One repeat of the synthetic of the I-MLE paper: a target {@code b = |N(0, I)|} whose closest k-subset is sought,
 * and the starting θ.
 *
 * @param b the target, n non-negative entries
 * @param initialTheta θ before the first step, n entries
 */
record TopKProblem(double[] b, double[] initialTheta) {

    /** How θ starts. */
    enum Init {
        /** θ = 0: every k-subset equally likely. */
        ZERO,
        /** θ ~ N(0, I). */
        NORMAL
    }

    /**
     * The repeat of a seed: {@code java.util.Random(seed)} draws the n entries of b as absolute values of
     * {@code nextGaussian()}, then, for {@link Init#NORMAL}, θ₁ … θₙ with {@code nextGaussian()}.
     */
    static TopKProblem generate(int n, long seed, Init init) {
        Random random = new Random(seed);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = Math.abs(random.nextGaussian());
        }
        double[] theta = new double[n];
        if (init == Init.NORMAL) {
            for (int i = 0; i < n; i++) {
                theta[i] = random.nextGaussian();
            }
        }
        return new TopKProblem(b, theta);
    }
}

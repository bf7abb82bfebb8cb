package org.imle4j.samples.fidelity;

import java.util.Random;

/**
 * One instance of the synthetic of the adaptive I-MLE paper: scores {@code θ ~ N(0, I)} and a target
 * {@code b = |N(0, I)|}, n entries each, the loss of a k-subset z being {@code ‖z − b‖²}.
 *
 * @param theta θ, n entries
 * @param b the target b, n non-negative entries
 */
record FidelityProblem(double[] theta, double[] b) {

    /**
     * The instance of a seed: {@code java.util.Random(seed)} draws θ₁ … θₙ with {@code nextGaussian()}, then the n
     * entries of b as the absolute values of further {@code nextGaussian()} draws.
     */
    static FidelityProblem generate(int n, long seed) {
        Random random = new Random(seed);
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = random.nextGaussian();
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = Math.abs(random.nextGaussian());
        }
        return new FidelityProblem(theta, b);
    }
}

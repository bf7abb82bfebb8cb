package org.imle4j.runtime.estimator;

import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;

/**
 * The exact law {@code p(z) ∝ exp⟨z, φ⟩} over a set of binary vectors of length n ≤ 16, by enumeration of all
 * {@code 2^n} vectors: the reference the families and estimators are checked against. State {@code mask} is the
 * vector whose bit i is {@code z_i}.
 */
final class EnumeratedLaw {
    private final int n;
    private final double[] probabilities;

    private EnumeratedLaw(double[] phi, IntPredicate support) {
        this.n = phi.length;
        this.probabilities = new double[1 << n];
        double[] logWeights = new double[1 << n];
        double max = Double.NEGATIVE_INFINITY;
        for (int mask = 0; mask < 1 << n; mask++) {
            logWeights[mask] = Double.NEGATIVE_INFINITY;
            if (support.test(mask)) {
                logWeights[mask] = 0;
                for (int i = 0; i < n; i++) {
                    if ((mask & 1 << i) != 0) {
                        logWeights[mask] += phi[i];
                    }
                }
                max = Math.max(max, logWeights[mask]);
            }
        }
        double total = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            probabilities[mask] = Math.exp(logWeights[mask] - max);
            total += probabilities[mask];
        }
        for (int mask = 0; mask < 1 << n; mask++) {
            probabilities[mask] /= total;
        }
    }

    static EnumeratedLaw categorical(double[] phi) {
        return new EnumeratedLaw(phi, mask -> Integer.bitCount(mask) == 1);
    }

    static EnumeratedLaw bernoulli(double[] phi) {
        return new EnumeratedLaw(phi, mask -> true);
    }

    static EnumeratedLaw kSubset(double[] phi, int k) {
        return new EnumeratedLaw(phi, mask -> Integer.bitCount(mask) == k);
    }

    int states() {
        return probabilities.length;
    }

    double probability(int mask) {
        return probabilities[mask];
    }

    static double[] vector(int mask, int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (mask >> i) & 1;
        }
        return z;
    }

    /** The state of a draw; fails on entries other than 0 and 1. */
    static int mask(float[] draws, int offset, int n) {
        int mask = 0;
        for (int i = 0; i < n; i++) {
            float entry = draws[offset + i];
            if (entry != 0 && entry != 1) {
                throw new AssertionError("draw entry " + i + " is " + entry + ", not 0 or 1");
            }
            mask |= (entry == 1 ? 1 : 0) << i;
        }
        return mask;
    }

    /** {@code E_p[g(z)]}. */
    double expectation(ToDoubleFunction<double[]> g) {
        double sum = 0;
        for (int mask = 0; mask < probabilities.length; mask++) {
            if (probabilities[mask] > 0) {
                sum += probabilities[mask] * g.applyAsDouble(vector(mask, n));
            }
        }
        return sum;
    }

    /** The smallest and largest {@code f(z)} over the support. */
    double[] range(ToDoubleFunction<double[]> f) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int mask = 0; mask < probabilities.length; mask++) {
            if (probabilities[mask] > 0) {
                double value = f.applyAsDouble(vector(mask, n));
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return new double[] {min, max};
    }

    /** {@code μ = E_p[z]}. */
    double[] marginals() {
        double[] mu = new double[n];
        for (int i = 0; i < n; i++) {
            int item = i;
            mu[i] = expectation(z -> z[item]);
        }
        return mu;
    }

    /**
     * {@code ∇_φ E_p[f] = Σ_z p(z)·f(z)·(z − μ)}; for {@code f = ⟨c, z⟩} this is {@code Cov_p(z)·c}.
     */
    double[] gradientOfExpectation(ToDoubleFunction<double[]> f) {
        double[] mu = marginals();
        double[] gradient = new double[n];
        for (int i = 0; i < n; i++) {
            int item = i;
            gradient[i] = expectation(z -> f.applyAsDouble(z) * (z[item] - mu[item]));
        }
        return gradient;
    }
}

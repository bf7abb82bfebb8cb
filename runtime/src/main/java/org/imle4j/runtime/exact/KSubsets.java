package org.imle4j.runtime.exact;

/**
 * Every k-subset of n items, enumerated, and exact expectations under the k-subset exponential family
 * {@code p(z; θ) = exp⟨z, θ⟩ / Σ_{z'} exp⟨z', θ⟩} over the 0/1 vectors z with exactly k ones: the law a top-k layer's
 * I-MLE target is defined on, and the reference {@code ∇_θ E_p[f]} that gradient estimates are compared with.
 *
 * <p>Subsets are bit masks (bit i set when item i is chosen), so n is at most 30; C(20, 10) = 184,756 subsets take
 * about a millisecond per expectation. A function of the subsets is a {@code double[]} in the order of
 * {@link #mask(int)}, e.g. the losses {@link #squaredDistances(double[])} or {@link #linear(double[])}.
 */
public final class KSubsets {
    private final int n;
    private final int k;
    private final int[] masks;

    private KSubsets(int n, int k, int[] masks) {
        this.n = n;
        this.k = k;
        this.masks = masks;
    }

    /**
     * All k-subsets of n items, in increasing order of their masks.
     *
     * @param n the number of items
     * @param k the number of items chosen
     * @return the C(n, k) subsets
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ n ≤ 30} and there are at most 10⁷ subsets
     */
    public static KSubsets of(int n, int k) {
        if (n < 1 || n > 30 || k < 1 || k > n) {
            throw new IllegalArgumentException("k-subsets need 1 ≤ k ≤ n ≤ 30, but n = " + n + ", k = " + k);
        }
        long count = binomial(n, k);
        if (count > 10_000_000) {
            throw new IllegalArgumentException("C(" + n + ", " + k + ") = " + count
                    + " subsets are too many to enumerate; at most 10⁷");
        }
        int[] masks = new int[(int) count];
        int mask = (1 << k) - 1;
        for (int s = 0; s < masks.length; s++) {
            masks[s] = mask;
            // Gosper's hack: the next larger integer with the same number of set bits.
            int lowest = mask & -mask;
            int ripple = mask + lowest;
            mask = (((ripple ^ mask) >>> 2) / lowest) | ripple;
        }
        return new KSubsets(n, k, masks);
    }

    /**
     * The binomial coefficient, computed exactly in {@code long} arithmetic (each partial product is itself a
     * binomial coefficient, so the division is exact).
     *
     * @param n the number of items, at least 0
     * @param k the number chosen, in {@code [0, n]}
     * @return C(n, k); exact while {@code C(n, k)·k} fits in a {@code long}
     */
    public static long binomial(int n, int k) {
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }

    /**
     * Number of subsets.
     *
     * @return C(n, k)
     */
    public int size() {
        return masks.length;
    }

    /**
     * The bit mask of subset s: bit i set when item i is chosen.
     *
     * @param s the subset's index, in {@code [0, size())}
     * @return the mask, with exactly k bits set
     * @throws ArrayIndexOutOfBoundsException if s is out of range
     */
    public int mask(int s) {
        return masks[s];
    }

    /**
     * The squared distance {@code ‖z − b‖²} of every subset's 0/1 vector z to b.
     *
     * @param b a point, n entries
     * @return one distance per subset, in the order of {@link #mask(int)}
     * @throws IllegalArgumentException if b does not have n entries
     */
    public double[] squaredDistances(double[] b) {
        checkLength(b, "b");
        double offset = 0;
        for (double bi : b) {
            offset += bi * bi;
        }
        // For 0/1 vectors ‖z − b‖² = Σ_{i∈z} (1 − 2b_i) + ‖b‖².
        double[] chosen = new double[n];
        for (int i = 0; i < n; i++) {
            chosen[i] = 1 - 2 * b[i];
        }
        double[] losses = linear(chosen);
        for (int s = 0; s < losses.length; s++) {
            losses[s] += offset;
        }
        return losses;
    }

    /**
     * The probability {@code p(z; θ) = exp⟨z, θ⟩ / Σ_{z'} exp⟨z', θ⟩} of every subset, computed stably (the largest
     * logit is subtracted before exponentiation).
     *
     * @param theta θ, n entries
     * @return one probability per subset, in the order of {@link #mask(int)}, summing to 1
     * @throws IllegalArgumentException if θ does not have n entries
     */
    public double[] probabilities(double[] theta) {
        double[] logits = linear(theta);
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double total = 0;
        for (int s = 0; s < logits.length; s++) {
            logits[s] = Math.exp(logits[s] - max);
            total += logits[s];
        }
        for (int s = 0; s < logits.length; s++) {
            logits[s] /= total;
        }
        return logits;
    }

    /**
     * The marginals {@code μ(θ) = E_p[z]}: for each item, the probability that it is chosen.
     *
     * @param theta θ, n entries
     * @return μ(θ), n entries in {@code [0, 1]} summing to k
     * @throws IllegalArgumentException if θ does not have n entries
     */
    public double[] marginals(double[] theta) {
        return weightedSum(probabilities(theta), null);
    }

    /**
     * The expectation {@code E_p[f] = Σ_z p(z; θ)·f(z)}.
     *
     * @param theta θ, n entries
     * @param f the value of every subset, in the order of {@link #mask(int)}
     * @return the expectation
     * @throws IllegalArgumentException if θ does not have n entries or f does not have one value per subset
     */
    public double expectation(double[] theta, double[] f) {
        checkValues(f);
        double[] p = probabilities(theta);
        double sum = 0;
        for (int s = 0; s < p.length; s++) {
            sum += p[s] * f[s];
        }
        return sum;
    }

    /**
     * The exact gradient {@code ∇_θ E_p[f] = E_p[f(z)·(z − μ(θ))]}, the covariance of f and z under p.
     *
     * @param theta θ, n entries
     * @param f the value of every subset, in the order of {@link #mask(int)}
     * @return the gradient, n entries
     * @throws IllegalArgumentException if θ does not have n entries or f does not have one value per subset
     */
    public double[] gradientOfExpectation(double[] theta, double[] f) {
        checkValues(f);
        double[] p = probabilities(theta);
        double[] mu = weightedSum(p, null);
        double[] withF = weightedSum(p, f);
        double mean = 0;
        for (int s = 0; s < p.length; s++) {
            mean += p[s] * f[s];
        }
        double[] gradient = new double[n];
        for (int i = 0; i < n; i++) {
            gradient[i] = withF[i] - mean * mu[i];
        }
        return gradient;
    }

    /**
     * The smallest value of f over the subsets.
     *
     * @param f the value of every subset
     * @return the minimum, or +∞ if f is empty
     */
    public static double minimum(double[] f) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : f) {
            min = Math.min(min, value);
        }
        return min;
    }

    /**
     * The linear function {@code ⟨z, w⟩} of every subset.
     *
     * @param w the weights, n entries
     * @return one value per subset, in the order of {@link #mask(int)}
     * @throws IllegalArgumentException if w does not have n entries
     */
    public double[] linear(double[] w) {
        checkLength(w, "the weights");
        double[] values = new double[masks.length];
        for (int s = 0; s < masks.length; s++) {
            double sum = 0;
            for (int bits = masks[s]; bits != 0; bits &= bits - 1) {
                sum += w[Integer.numberOfTrailingZeros(bits)];
            }
            values[s] = sum;
        }
        return values;
    }

    /** {@code Σ_z p(z)·f(z)·z}, or {@code Σ_z p(z)·z} when f is null. */
    private double[] weightedSum(double[] p, double[] f) {
        double[] sum = new double[n];
        for (int s = 0; s < masks.length; s++) {
            double weight = f == null ? p[s] : p[s] * f[s];
            for (int bits = masks[s]; bits != 0; bits &= bits - 1) {
                sum[Integer.numberOfTrailingZeros(bits)] += weight;
            }
        }
        return sum;
    }

    private void checkLength(double[] values, String name) {
        if (values.length != n) {
            throw new IllegalArgumentException(name + " must have n = " + n + " entries, but has " + values.length);
        }
    }

    private void checkValues(double[] f) {
        if (f.length != masks.length) {
            throw new IllegalArgumentException("f must have one value per subset, C(" + n + ", " + k + ") = "
                    + masks.length + ", but has " + f.length);
        }
    }
}

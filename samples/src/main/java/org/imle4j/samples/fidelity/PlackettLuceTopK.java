package org.imle4j.samples.fidelity;

/**
 * The exact law of perturb-and-MAP top-k with Gumbel noise, {@code top-k(θ + ε)}: the first k items of a
 * Plackett–Luce draw without replacement from softmax(θ). It is not the k-subset exponential family (for k = 1 the
 * two agree), so as λ → 0 and S → ∞ the I-MLE estimates with Gumbel noise tend to the gradient of an expectation
 * under this law, not under the family; this class computes that limit.
 *
 * <p>Enumerates all subsets of at most k items, {@code O(2ⁿ·n)} per evaluation: meant for n up to about 14.
 */
final class PlackettLuceTopK {
    /** Largest n the enumeration accepts. */
    static final int MAX_ITEMS = 16;

    /** Step of the central differences that differentiate the marginals. */
    private static final double STEP = 1e-4;

    private PlackettLuceTopK() {}

    /**
     * {@code P(i ∈ top-k(θ + ε))} for every i. {@code f(T)}, the probability that the first |T| draws are the set T
     * in some order, satisfies {@code f(T) = Σ_{i∈T} f(T∖i)·e^{θ_i} / (Z − Σ_{l∈T∖i} e^{θ_l})}.
     */
    static double[] marginals(double[] theta, int k) {
        int n = theta.length;
        if (n > MAX_ITEMS) {
            throw new IllegalArgumentException("Plackett–Luce enumeration takes at most " + MAX_ITEMS
                    + " items, but got " + n);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp(theta[i] - max);
            total += weights[i];
        }
        double[] firstDraws = new double[1 << n];
        double[] drawnWeight = new double[1 << n];
        firstDraws[0] = 1;
        double[] marginals = new double[n];
        for (int set = 1; set < 1 << n; set++) {
            int size = Integer.bitCount(set);
            if (size > k) {
                continue;
            }
            int lowest = Integer.numberOfTrailingZeros(set);
            drawnWeight[set] = drawnWeight[set & ~(1 << lowest)] + weights[lowest];
            double probability = 0;
            for (int bits = set; bits != 0; bits &= bits - 1) {
                int i = Integer.numberOfTrailingZeros(bits);
                int before = set & ~(1 << i);
                probability += firstDraws[before] * weights[i] / (total - drawnWeight[before]);
            }
            firstDraws[set] = probability;
            if (size == k) {
                for (int bits = set; bits != 0; bits &= bits - 1) {
                    marginals[Integer.numberOfTrailingZeros(bits)] += probability;
                }
            }
        }
        return marginals;
    }

    /**
     * {@code ∇_θ E[‖z − b‖²]} for {@code z = top-k(θ + ε)}: on k-subsets the loss is {@code Σ_{i∈z}(1 − 2b_i) + ‖b‖²},
     * linear in z, so the gradient is the Jacobian of the marginals applied to {@code 1 − 2b}, here by central
     * differences (error of order 1e-8).
     */
    static double[] squaredDistanceGradient(double[] theta, double[] b, int k) {
        int n = theta.length;
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = 1 - 2 * b[i];
        }
        double[] gradient = new double[n];
        for (int j = 0; j < n; j++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += STEP;
            down[j] -= STEP;
            double[] muUp = marginals(up, k);
            double[] muDown = marginals(down, k);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += weights[i] * (muUp[i] - muDown[i]);
            }
            gradient[j] = sum / (2 * STEP);
        }
        return gradient;
    }
}

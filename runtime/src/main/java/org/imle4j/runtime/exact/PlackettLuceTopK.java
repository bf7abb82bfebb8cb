package org.imle4j.runtime.exact;

/**
 * The exact law of perturb-and-MAP top-k with Gumbel noise, {@code z = top-k(θ + ε)}: the set of the first k items of
 * a Plackett–Luce draw without replacement from softmax(θ). For k = 1 it is the softmax, the 1-subset exponential
 * family; for k &gt; 1 it is not the k-subset family of {@link KSubsets}. As λ → 0 and the number of samples grows, an
 * I-MLE estimate with Gumbel noise tends to a gradient under this law, which this class computes.
 *
 * <p>The probability {@code f(T)} that the first |T| draws are the set T, in some order, satisfies
 * {@code f(T) = Σ_{i∈T} f(T∖i)·e^{θ_i} / (Z − Σ_{l∈T∖i} e^{θ_l})} with {@code Z = Σ_l e^{θ_l}}; the marginals
 * {@code μ_i = P(i ∈ z)} sum f over the k-subsets that hold i. Derivatives follow the same recursion, so the Jacobian
 * is exact, not a finite difference. The recursion visits all {@code 2ⁿ} subsets: n is at most {@value #MAX_ITEMS}.
 */
public final class PlackettLuceTopK {
    /** The largest number of items the enumeration accepts. */
    public static final int MAX_ITEMS = 16;

    private PlackettLuceTopK() {}

    /**
     * The marginals {@code μ_i = P(i ∈ top-k(θ + ε))}, ε standard Gumbel noise.
     *
     * @param theta θ, 1 to {@value #MAX_ITEMS} entries
     * @param k the number of items chosen, in {@code [1, n]}
     * @return μ, n entries in {@code [0, 1]} summing to k
     * @throws IllegalArgumentException if n or k is out of range
     */
    public static double[] marginals(double[] theta, int k) {
        return enumerate(theta, k, false).marginals;
    }

    /**
     * The Jacobian of the marginals, {@code J[i][j] = ∂μ_i / ∂θ_j}.
     *
     * @param theta θ, 1 to {@value #MAX_ITEMS} entries
     * @param k the number of items chosen, in {@code [1, n]}
     * @return J, n rows of n entries; every column sums to 0, as the marginals sum to k whatever θ
     * @throws IllegalArgumentException if n or k is out of range
     */
    public static double[][] marginalsJacobian(double[] theta, int k) {
        return enumerate(theta, k, true).jacobian;
    }

    /**
     * The gradient {@code ∇_θ E[⟨c, z⟩] = Jᵀc} of a loss linear in z. On k-subsets a loss {@code ‖z − b‖²} is linear:
     * {@code Σ_{i∈z}(1 − 2b_i) + ‖b‖²}, so its gradient is this one with {@code c = 1 − 2b}.
     *
     * @param theta θ, 1 to {@value #MAX_ITEMS} entries
     * @param k the number of items chosen, in {@code [1, n]}
     * @param c the loss's weights, n entries
     * @return the gradient, n entries
     * @throws IllegalArgumentException if n or k is out of range, or c does not have n entries
     */
    public static double[] gradientOfLinear(double[] theta, int k, double[] c) {
        if (c.length != theta.length) {
            throw new IllegalArgumentException("c must have n = " + theta.length + " entries, but has " + c.length);
        }
        double[][] jacobian = marginalsJacobian(theta, k);
        double[] gradient = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            for (int j = 0; j < theta.length; j++) {
                gradient[j] += c[i] * jacobian[i][j];
            }
        }
        return gradient;
    }

    private record Law(double[] marginals, double[][] jacobian) {}

    private static Law enumerate(double[] theta, int k, boolean withJacobian) {
        int n = theta.length;
        if (n < 1 || n > MAX_ITEMS || k < 1 || k > n) {
            throw new IllegalArgumentException("Plackett–Luce top-k enumeration needs 1 ≤ k ≤ n ≤ " + MAX_ITEMS
                    + ", but n = " + n + ", k = " + k);
        }
        // Every ratio e^{θ_i} / (Z − …) is invariant under a common shift of θ: the largest θ taken off keeps exp
        // finite.
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
        double[] first = new double[1 << n];
        double[] drawnWeight = new double[1 << n];
        double[][] firstDerivative = withJacobian ? new double[1 << n][] : null;
        first[0] = 1;
        if (withJacobian) {
            firstDerivative[0] = new double[n];
        }
        double[] marginals = new double[n];
        double[][] jacobian = withJacobian ? new double[n][n] : null;
        for (int set = 1; set < 1 << n; set++) {
            int size = Integer.bitCount(set);
            if (size > k) {
                continue;
            }
            int lowest = Integer.numberOfTrailingZeros(set);
            drawnWeight[set] = drawnWeight[set & ~(1 << lowest)] + weights[lowest];
            double[] derivative = withJacobian ? new double[n] : null;
            for (int bits = set; bits != 0; bits &= bits - 1) {
                int i = Integer.numberOfTrailingZeros(bits);
                int before = set & ~(1 << i);
                double rest = total - drawnWeight[before];
                double ratio = weights[i] / rest;
                first[set] += first[before] * ratio;
                if (withJacobian) {
                    // ∂ratio/∂θ_j = ratio·([i = j] − [j ∉ before]·e^{θ_j} / rest)
                    for (int j = 0; j < n; j++) {
                        double own = (i == j ? 1 : 0) - ((before >>> j & 1) == 0 ? weights[j] / rest : 0);
                        derivative[j] += firstDerivative[before][j] * ratio + first[before] * ratio * own;
                    }
                }
            }
            if (withJacobian && size < k) {
                firstDerivative[set] = derivative;
            }
            if (size == k) {
                for (int bits = set; bits != 0; bits &= bits - 1) {
                    int i = Integer.numberOfTrailingZeros(bits);
                    marginals[i] += first[set];
                    if (withJacobian) {
                        for (int j = 0; j < n; j++) {
                            jacobian[i][j] += derivative[j];
                        }
                    }
                }
            }
        }
        return new Law(marginals, jacobian);
    }
}

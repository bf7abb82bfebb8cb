package org.imle4j.runtime;

/**
 * Exact law of the top-k of θ + Gumbel noise, by enumeration: the first k items of a Plackett–Luce draw without
 * replacement from softmax(θ).
 */
final class PlackettLuce {
    private PlackettLuce() {}

    /**
     * {@code P(i ∈ top-k(θ + ε))} for every i. {@code f(T)}, the probability that the first |T| draws are the set T
     * in any order, satisfies {@code f(T) = Σ_{i∈T} f(T∖i)·e^{θ_i} / (Z − Σ_{l∈T∖i} e^{θ_l})} over all subsets.
     */
    static double[] topKMarginals(double[] theta, int k) {
        int n = theta.length;
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp(theta[i]);
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
            for (int i = 0; i < n; i++) {
                if ((set & 1 << i) != 0) {
                    int before = set & ~(1 << i);
                    probability += firstDraws[before] * weights[i] / (total - drawnWeight[before]);
                }
            }
            firstDraws[set] = probability;
            if (size == k) {
                for (int i = 0; i < n; i++) {
                    if ((set & 1 << i) != 0) {
                        marginals[i] += probability;
                    }
                }
            }
        }
        return marginals;
    }
}

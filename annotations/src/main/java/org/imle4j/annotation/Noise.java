package org.imle4j.annotation;

/** The perturbation ε added to θ before each solver call (perturb-and-MAP). */
public enum Noise {
    /** Standard Gumbel(0, 1): with an argmax solver, perturb-and-MAP samples exactly from softmax(θ). */
    GUMBEL,
    /**
     * Sum-of-Gamma noise of Niepert et al. (2021): {@code (1/k)·(Σ_{i=1..s} Gamma(1/k, rate i/k) − log s)}.
     * The sum of k such draws tends to a Gumbel(0, 1) as s grows, which suits k-subset solvers.
     */
    SUM_OF_GAMMA,
    /** Standard normal N(0, 1). */
    GAUSSIAN,
    /** No perturbation: every sample is MAP(θ). */
    NONE
}

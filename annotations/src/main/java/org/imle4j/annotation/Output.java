package org.imle4j.annotation;

/** What a solver layer returns while training. */
public enum Output {
    /**
     * Every perturbed solution, flattened batch-major: shape {@code [B·S·M, …]} for θ of shape {@code [B, …]}.
     * Row {@code b·S·M + j} is the j-th sample of instance b.
     */
    SAMPLES,
    /** The mean of the samples of each instance: shape of θ, {@code [B, …]}. */
    MEAN
}

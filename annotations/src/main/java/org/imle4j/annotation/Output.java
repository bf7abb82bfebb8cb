package org.imle4j.annotation;

/** What a solver layer returns while training. */
public enum Output {
    /**
     * The S perturbed samples of each example, example-major: shape {@code [B·S, …]} for θ of shape {@code [B, …]},
     * row {@code b·S + j} the j-th sample of example b, each the mean of its M marginal samples. Labels stay
     * {@code [B, …]}: an {@code ImleTrainer} scores every row against its example's label, and θ receives the mean
     * over the S samples of the per-sample gradient estimates.
     */
    SAMPLES,
    /** The mean of the samples of each instance: shape of θ, {@code [B, …]}. */
    MEAN
}

package org.imle4j.runtime;

import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.noise.NoiseSampler;

/**
 * How a solver layer perturbs θ and what it returns while training.
 *
 * @param samples S, perturbed samples per example
 * @param marginalSamples M, marginal samples per perturbed sample (averaged in the output)
 * @param noise the distribution of ε
 * @param noiseTemperature τ, the scale of the noise added to θ
 * @param targetNoiseTemperature τ', the scale of the noise added to the target θ'
 * @param difference the finite-difference scheme of perturbation estimators
 * @param objective whether the solver maximises or minimises ⟨z, θ⟩
 * @param output what the layer returns while training
 */
public record PerturbationSettings(
        int samples,
        int marginalSamples,
        NoiseSampler noise,
        double noiseTemperature,
        double targetNoiseTemperature,
        Difference difference,
        Objective objective,
        Output output) {

    /**
     * Whether the solver minimises ⟨z, θ⟩, so that the estimators work in maximisation form on {@code φ = −θ}.
     *
     * @return {@code true} for {@link Objective#MINIMIZE}
     */
    public boolean minimizing() {
        return objective == Objective.MINIMIZE;
    }

    /**
     * The number of perturbed instances per example in the forward pass, and so the number of solver calls per
     * example for estimators that solve each perturbed θ once.
     *
     * @return S·M
     */
    public int repeats() {
        return samples * marginalSamples;
    }
}

/**
 * The perturbation ε of perturb-and-MAP, {@code z = MAP(θ + τ·ε)}: one {@link org.imle4j.runtime.noise.NoiseSampler}
 * per distribution of the annotations' {@link org.imle4j.annotation.Noise} setting.
 *
 * <p>With standard Gumbel noise, {@code argmax(θ + ε)} over one-hot vectors is an exact draw from
 * {@code softmax(θ)} (the Gumbel-max trick). For k-subsets, Sum-of-Gamma noise
 * ({@link org.imle4j.runtime.noise.SumOfGammaNoise}, Niepert, Minervini and Franceschi, NeurIPS 2021) is built so
 * that k independent draws of it sum to a standard Gumbel variable (in the limit of many Gamma terms): the perturbed
 * top-k then approximately samples the k-subset exponential family {@code p(z) ∝ exp⟨z, θ⟩}. Gaussian
 * noise serves the perturbed optimizers of Berthet et al. (2020).
 *
 * <p>Each sampler carries its own parameters (Sum-of-Gamma: k, s, exact or tabulated) and states what estimators
 * need of it, such as the gradient of its density's potential
 * ({@link org.imle4j.runtime.noise.NoiseSampler#potentialGradient()}); estimators ask the sampler rather than test
 * its kind. Samplers draw on the device of the manager they are given, from DJL's random generator, so
 * {@code Engine.getInstance().setRandomSeed(seed)} makes them reproducible. They hold no native memory
 * (Sum-of-Gamma's quantile table is cached on the host and copied to the device per draw), are immutable and may be
 * shared.
 */
package org.imle4j.runtime.noise;

package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.imle4j.annotation.Noise;

/**
 * Draws the perturbation ε of perturb-and-MAP on the device of the given manager, from DJL's random generator
 * (so {@code Engine.getInstance().setRandomSeed(seed)} makes the draws reproducible).
 */
public interface NoiseSampler {

    /**
     * Draws independent, identically distributed samples of ε, one per entry of {@code shape}.
     *
     * @param manager the manager that owns the result; the draws are made on its device
     * @param shape the shape of the result, for instance {@code [B, S, M, …]} for every sample of a batch
     * @param dataType a floating-point data type of the result
     * @return a new array of {@code shape} and {@code dataType}, attached to {@code manager}
     */
    NDArray sample(NDManager manager, Shape shape, DataType dataType);

    /**
     * Whether this sampler always returns zeros, so that callers can skip adding the noise and reuse the unperturbed
     * θ for every sample.
     *
     * @return {@code true} only for the sampler of {@link Noise#NONE}
     */
    default boolean isNone() {
        return false;
    }

    /**
     * The sampler for an annotation's {@link Noise} setting.
     *
     * @param noise the distribution: {@link Noise#GUMBEL} for Gumbel(0, 1), {@link Noise#SUM_OF_GAMMA} for
     *     {@link SumOfGammaNoise}, {@link Noise#GAUSSIAN} for N(0, 1), {@link Noise#NONE} for zeros
     * @param sumOfGammaK k of Sum-of-Gamma noise (positive), ignored by the others
     * @param sumOfGammaIterations s of Sum-of-Gamma noise (at least 1), ignored by the others
     * @param exactSumOfGamma whether Sum-of-Gamma noise draws its Gamma terms rather than using its quantile table
     * @return a new, stateless sampler
     * @throws IllegalArgumentException if {@code noise} is {@link Noise#SUM_OF_GAMMA} and {@code sumOfGammaK} is not
     *     positive and finite or {@code sumOfGammaIterations} is below 1
     */
    static NoiseSampler of(Noise noise, double sumOfGammaK, int sumOfGammaIterations, boolean exactSumOfGamma) {
        return switch (noise) {
            case GUMBEL -> new GumbelNoise();
            case SUM_OF_GAMMA -> new SumOfGammaNoise(sumOfGammaK, sumOfGammaIterations, exactSumOfGamma);
            case GAUSSIAN -> new GaussianNoise();
            case NONE -> new NoNoise();
        };
    }
}

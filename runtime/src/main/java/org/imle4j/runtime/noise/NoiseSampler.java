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

    /** Draws a tensor of independent samples. */
    NDArray sample(NDManager manager, Shape shape, DataType dataType);

    /** Whether this sampler always returns zeros. */
    default boolean isNone() {
        return false;
    }

    /**
     * The sampler for an annotation's {@link Noise} setting.
     *
     * @param sumOfGammaK k of Sum-of-Gamma noise (positive), ignored by the others
     * @param sumOfGammaIterations s of Sum-of-Gamma noise (at least 1), ignored by the others
     * @param exactSumOfGamma whether Sum-of-Gamma noise draws its Gamma terms rather than using its quantile table
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

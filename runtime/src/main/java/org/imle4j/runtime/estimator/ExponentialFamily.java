package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.imle4j.annotation.Structure;

/**
 * A distribution {@code p(z; φ) = exp(⟨z, φ⟩ − log Z(φ))} over a structured set of binary vectors z whose draws and
 * log-probabilities are tractable, as the score-function estimator needs them. φ is in maximisation form, so the
 * mode of p is the solver's {@code MAP(φ)}.
 *
 * <p>Shapes: φ is {@code [B, n]}, one distribution per row; samples are {@code [B, S, n]}. Draws come from DJL's
 * random number generator, so {@code Engine.getInstance().setRandomSeed} makes them reproducible.
 */
public interface ExponentialFamily {

    /**
     * Exact draws from p(·; φ).
     *
     * @param phi {@code [B, n]}
     * @param samplesPerExample S, at least 1
     * @return {@code [B, S, n]}, of φ's data type, on φ's device
     * @throws IllegalArgumentException if φ is not of rank 2, if {@code samplesPerExample} is below 1, or if φ has
     *     too few entries for the family
     */
    NDArray sample(NDArray phi, int samplesPerExample);

    /**
     * The mean parameters {@code μ(φ) = E_p[z] = ∇_φ log Z(φ)}: for each entry i, the probability that
     * {@code z_i = 1}.
     *
     * @param phi {@code [B, n]}
     * @return {@code μ(φ)}, {@code [B, n]}, of φ's data type
     * @throws IllegalArgumentException if φ is not of rank 2 or has too few entries for the family
     */
    NDArray marginals(NDArray phi);

    /**
     * The score {@code ∇_φ log p(z; φ) = z − μ(φ)} of each sample.
     *
     * @param phi {@code [B, n]}
     * @param samples {@code [B, S, n]}
     * @return {@code [B, S, n]}
     */
    default NDArray scoreGradient(NDArray phi, NDArray samples) {
        return samples.sub(marginals(phi).expandDims(1));
    }

    /**
     * The solver structures whose {@code MAP(φ)} is this family's mode, so that a layer trained on the family's draws
     * returns the same kind of solution at inference.
     *
     * @return the structures, or an empty set (the default) when the family does not say, which accepts any solver
     */
    default Set<Structure> structures() {
        return Set.of();
    }

    /**
     * One-hot vectors: {@code p(z = e_i) = softmax(φ)_i}, the law of the argmax of φ + Gumbel noise, with
     * {@code μ(φ) = softmax(φ)}. Draws are exact (Gumbel-max) and stay on φ's device.
     *
     * @return the family, for an argmax solver
     */
    static ExponentialFamily categorical() {
        return new CategoricalFamily();
    }

    /**
     * Independent bits: {@code p(z_i = 1) = sigmoid(φ_i)}, with {@code μ(φ) = sigmoid(φ)}. Draws stay on φ's device.
     *
     * @return the family, for a solver that sets every bit whose score is positive
     */
    static ExponentialFamily bernoulli() {
        return new BernoulliFamily();
    }

    /**
     * Vectors with exactly k ones, {@code p(z) ∝ exp⟨z, φ⟩}: the distribution whose mode is the top-k of φ.
     *
     * @param k the number of ones, at least 1; every φ must have at least k entries
     * @return the family, for a top-k solver; draws and marginals are computed on the host in {@code O(n·k)} per
     *     example and draw
     * @throws IllegalArgumentException if {@code k} is below 1
     */
    static ExponentialFamily kSubset(int k) {
        return new KSubsetFamily(k);
    }
}

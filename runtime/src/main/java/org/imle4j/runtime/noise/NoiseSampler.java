package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.imle4j.annotation.Noise;

/**
 * A distribution of the perturbation ε of perturb-and-MAP, with its own parameters, and what estimators need to know
 * of it. It draws on the device of the given manager, from DJL's random generator (so
 * {@code Engine.getInstance().setRandomSeed(seed)} makes the draws reproducible).
 *
 * <p>Estimators and losses ask the sampler, never its class or {@link #kind()}: whether it {@link #isNone() adds
 * nothing}, and the {@link #potentialGradient() gradient of its potential} that perturbed optimizers integrate by
 * parts against.
 */
public interface NoiseSampler {

    /**
     * Draws independent, identically distributed samples of ε, one per entry of {@code shape}.
     *
     * @param manager the manager that owns the result; the draws are made on its device, and anything the draw needs
     *     on the device lives no longer than this call or {@code manager}
     * @param shape the shape of the result, for instance {@code [B, S, M, …]} for every sample of a batch
     * @param dataType a floating-point data type of the result
     * @return a new array of {@code shape} and {@code dataType}, attached to {@code manager}
     */
    NDArray sample(NDManager manager, Shape shape, DataType dataType);

    /**
     * The annotations' setting this sampler implements, for messages and for requirements stated as kinds of noise.
     *
     * @return the kind of noise
     */
    Noise kind();

    /**
     * Whether this sampler always returns zeros, so that callers can skip adding the noise and reuse the unperturbed
     * θ for every sample.
     *
     * @return {@code true} only for the sampler of {@link Noise#NONE}; {@code false} by default
     */
    default boolean isNone() {
        return false;
    }

    /**
     * The gradient ∇ν of the potential of the noise density, {@code μ(z) ∝ exp(−ν(z))} in the notation of Berthet et
     * al. (2020): {@code ∇ν(z) = −∇ log μ(z)}, minus the score function of μ, applied entrywise. Perturbed optimizers
     * integrate by parts against it ({@code ∂E[MAP(θ + σZ)]/∂θ = E[MAP(θ + σZ)·∇ν(Z)ᵀ]/σ}), and the Fenchel–Young
     * theory of the same paper needs ν differentiable.
     *
     * <p>The operator must be built from operations that take no Java number operands, so that it may appear in code
     * that autograd differentiates.
     *
     * @return ∇ν, mapping draws z to an array of their shape and data type on their manager; empty, by default, for a
     *     noise whose density has no known closed form (Sum-of-Gamma) or that has none (no noise)
     */
    default Optional<UnaryOperator<NDArray>> potentialGradient() {
        return Optional.empty();
    }

    /**
     * The sampler of a kind of noise that has no parameters. Sum-of-Gamma noise has parameters; create it with
     * {@link SumOfGammaNoise#SumOfGammaNoise(double, int, boolean)}.
     *
     * @param kind the distribution, not null: {@link Noise#GUMBEL} for Gumbel(0, 1), {@link Noise#GAUSSIAN} for
     *     N(0, 1), {@link Noise#NONE} for zeros
     * @return a new, stateless sampler of that kind; empty for {@link Noise#SUM_OF_GAMMA}
     * @throws NullPointerException if {@code kind} is null
     */
    static Optional<NoiseSampler> standard(Noise kind) {
        return switch (kind) {
            case GUMBEL -> Optional.of(new GumbelNoise());
            case GAUSSIAN -> Optional.of(new GaussianNoise());
            case NONE -> Optional.of(new NoNoise());
            case SUM_OF_GAMMA -> Optional.empty();
        };
    }

    /**
     * The kinds of noise whose density's potential gradient is known ({@link #potentialGradient()} is present), for
     * estimators and losses that need it to state which kinds fit.
     *
     * @return those kinds, in declaration order, unmodifiable
     */
    static Set<Noise> kindsWithPotentialGradient() {
        EnumSet<Noise> kinds = EnumSet.noneOf(Noise.class);
        Arrays.stream(Noise.values())
                .filter(kind -> standard(kind).flatMap(NoiseSampler::potentialGradient).isPresent())
                .forEach(kinds::add);
        return Collections.unmodifiableSet(kinds);
    }
}

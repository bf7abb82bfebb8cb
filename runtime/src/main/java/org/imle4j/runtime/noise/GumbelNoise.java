package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Standard Gumbel(0, 1) noise, {@code −log(−log U)}: mean γ ≈ 0.5772, variance π²/6, density
 * {@code exp(−z − e^{−z})}, so potential {@code ν(z) = z + e^{−z}} and {@code ∇ν(z) = 1 − e^{−z}}.
 */
public final class GumbelNoise implements NoiseSampler {
    /** Creates the sampler; it holds no state, so one instance may serve every layer. */
    public GumbelNoise() {}


    @Override
    public NDArray sample(NDManager manager, Shape shape, DataType dataType) {
        // U = 0 would give −∞; the smallest normal float keeps the left tail exact to below 1e-37.
        NDArray uniform = manager.randomUniform(Float.MIN_NORMAL, 1f, shape, dataType);
        // Each log makes a new array; the negations work in place.
        return uniform.log().negi().log().negi();
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link Noise#GUMBEL}
     */
    @Override
    public Noise kind() {
        return Noise.GUMBEL;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code ∇ν(z) = 1 − e^{−z}}
     */
    @Override
    public Optional<UnaryOperator<NDArray>> potentialGradient() {
        return Optional.of(z -> z.neg().exp().neg().add(Scalars.of(z, 1)));
    }

    @Override
    public String toString() {
        return "Gumbel(0, 1)";
    }
}

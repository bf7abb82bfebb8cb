package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.imle4j.annotation.Noise;

/** Standard normal N(0, 1) noise: potential {@code ν(z) = z²/2}, so {@code ∇ν(z) = z}. */
public final class GaussianNoise implements NoiseSampler {
    /** Creates the sampler; it holds no state, so one instance may serve every layer. */
    public GaussianNoise() {}


    @Override
    public NDArray sample(NDManager manager, Shape shape, DataType dataType) {
        return manager.randomNormal(0f, 1f, shape, dataType);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link Noise#GAUSSIAN}
     */
    @Override
    public Noise kind() {
        return Noise.GAUSSIAN;
    }

    /**
     * {@inheritDoc}
     *
     * @return the identity, {@code ∇ν(z) = z}
     */
    @Override
    public Optional<UnaryOperator<NDArray>> potentialGradient() {
        return Optional.of(z -> z);
    }

    @Override
    public String toString() {
        return "N(0, 1)";
    }
}

package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.imle4j.annotation.Noise;

/** No perturbation: zeros. It has no density, so no potential gradient. */
public final class NoNoise implements NoiseSampler {
    /** Creates the sampler; it holds no state, so one instance may serve every layer. */
    public NoNoise() {}


    @Override
    public NDArray sample(NDManager manager, Shape shape, DataType dataType) {
        return manager.zeros(shape, dataType);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link Noise#NONE}
     */
    @Override
    public Noise kind() {
        return Noise.NONE;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code true}
     */
    @Override
    public boolean isNone() {
        return true;
    }

    @Override
    public String toString() {
        return "none";
    }
}

package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** No perturbation: zeros. */
public final class NoNoise implements NoiseSampler {
    /** Creates the sampler; it holds no state, so one instance may serve every layer. */
    public NoNoise() {}


    @Override
    public NDArray sample(NDManager manager, Shape shape, DataType dataType) {
        return manager.zeros(shape, dataType);
    }

    @Override
    public boolean isNone() {
        return true;
    }

    @Override
    public String toString() {
        return "none";
    }
}

package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Standard normal N(0, 1) noise. */
public final class GaussianNoise implements NoiseSampler {
    /** Creates the sampler; it holds no state, so one instance may serve every layer. */
    public GaussianNoise() {}


    @Override
    public NDArray sample(NDManager manager, Shape shape, DataType dataType) {
        return manager.randomNormal(0f, 1f, shape, dataType);
    }

    @Override
    public String toString() {
        return "N(0, 1)";
    }
}

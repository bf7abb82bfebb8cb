package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Standard Gumbel(0, 1) noise, {@code −log(−log U)}: mean γ ≈ 0.5772, variance π²/6. */
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

    @Override
    public String toString() {
        return "Gumbel(0, 1)";
    }
}

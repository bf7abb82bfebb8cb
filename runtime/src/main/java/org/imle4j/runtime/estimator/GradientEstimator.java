package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * How a solver layer behaves while training: what its forward pass returns and how dL/dz becomes an estimate of
 * dL/dθ. Swapping the estimator of a layer changes nothing else about it (solver, noise, samples, output).
 *
 * <p>An estimator instance may hold state (adaptive I-MLE's β): give each layer its own instance.
 */
public interface GradientEstimator {

    /**
     * The training forward pass of one layer on one batch. It returns the layer's output, usually through
     * {@link EstimatorContext#emit}, which also registers the deferred backward.
     */
    NDArray forward(EstimatorContext context);

    /**
     * What this estimator needs of the layer it trains: the structures of solver it fits and the noise it works
     * with. A layer's {@code build()} refuses a layer that does not fit, naming both. Default: nothing.
     *
     * @return the requirements, checked once when the layer is built
     */
    default EstimatorRequirements requirements() {
        return EstimatorRequirements.none();
    }

    /** Writes the state that must survive a checkpoint. */
    default void saveState(DataOutputStream out) throws IOException {}

    /** Reads the state written by {@link #saveState}. */
    default void loadState(DataInputStream in) throws IOException {}
}

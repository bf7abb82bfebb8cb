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

    /** Writes the state that must survive a checkpoint. */
    default void saveState(DataOutputStream out) throws IOException {}

    /** Reads the state written by {@link #saveState}. */
    default void loadState(DataInputStream in) throws IOException {}
}

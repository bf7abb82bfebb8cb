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
     * What this estimator's checkpoint state is: the layer records it next to the state, and refuses to load a
     * checkpoint that holds another kind. By default the class name (for a lambda, one name for all lambdas);
     * estimators whose state depends on a part they are built from name that part too.
     *
     * @return a name that stays the same from one run to the next
     */
    default String stateKind() {
        Class<?> type = getClass();
        return type.isHidden() ? GradientEstimator.class.getName() + " (lambda)" : type.getName();
    }

    /**
     * Writes the state that must survive a checkpoint.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    default void saveState(DataOutputStream out) throws IOException {}

    /**
     * Reads the state written by {@link #saveState}, and checks it: nothing changes unless all of it is valid.
     *
     * @param in where to read
     * @throws IOException if reading fails; {@link java.io.StreamCorruptedException} if a value is out of range
     */
    default void loadState(DataInputStream in) throws IOException {}
}

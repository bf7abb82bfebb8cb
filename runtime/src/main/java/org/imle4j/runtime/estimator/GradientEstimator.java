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
     * {@link EstimatorContext#emit}, which also registers the deferred backward; relaxations instead return an output
     * that autograd differentiates (see {@link SampleLayout#differentiableOutput}).
     *
     * @param context the batch's θ and extra inputs, the layer's settings, and its solver
     * @return the layer's training output: {@code [B·S, …]} for {@code Output.SAMPLES} or {@code [B, …]} for
     *     {@code Output.MEAN}, with θ's data type, on θ's device
     * @throws IllegalArgumentException if θ's shape or the layer's settings do not suit this estimator; the message
     *     names the layer
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
     * Writes the state that must survive a checkpoint (adaptive I-MLE's β, a baseline's moving average); stateless
     * estimators write nothing. Called when the layer's model saves its parameters.
     *
     * @param out the stream of the model's parameter file
     * @throws IOException if writing fails
     */
    default void saveState(DataOutputStream out) throws IOException {}

    /**
     * Reads the state written by {@link #saveState}, replacing this estimator's current state, and checks it:
     * nothing changes unless all of it is valid. Called when the layer's model loads its parameters.
     *
     * @param in the layer's framed state, positioned where {@link #saveState} began writing
     * @throws IOException if reading fails or the stream ends early; {@link java.io.StreamCorruptedException} if a
     *     value is out of range
     */
    default void loadState(DataInputStream in) throws IOException {}
}

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
     * that autograd differentiates (see {@link EstimatorContext#differentiableOutput}).
     *
     * @param context the batch's θ and extra inputs, the layer's settings, and its solver
     * @return the layer's training output: {@code [B·S, …]} for {@code Output.SAMPLES} or {@code [B, …]} for
     *     {@code Output.MEAN}, with θ's data type, on θ's device
     * @throws IllegalArgumentException if θ's shape or the layer's settings do not suit this estimator; the message
     *     names the layer
     */
    NDArray forward(EstimatorContext context);

    /**
     * Writes the state that must survive a checkpoint (adaptive I-MLE's β, a baseline's moving average); stateless
     * estimators write nothing. Called when the layer's model saves its parameters.
     *
     * @param out the stream of the model's parameter file
     * @throws IOException if writing fails
     */
    default void saveState(DataOutputStream out) throws IOException {}

    /**
     * Reads the state written by {@link #saveState}, replacing this estimator's current state. Called when the
     * layer's model loads its parameters.
     *
     * @param in the stream of the model's parameter file, positioned where {@link #saveState} began writing
     * @throws IOException if reading fails or the stream ends early
     */
    default void loadState(DataInputStream in) throws IOException {}
}

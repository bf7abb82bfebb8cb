package org.imle4j.runtime.internal;

import ai.djl.ndarray.NDArray;

/**
 * The layer's solver as an estimator reaches it: one call solves a batch of instances of the layer's examples, with
 * the layer's extra inputs, solution checks and time limit. The layer binds it to its solver for each batch.
 */
@FunctionalInterface
public interface SolverPort {

    /**
     * Solves every instance in one call of the layer's solver.
     *
     * @param instances {@code [N, …]}, in the solver's own sense, example-major: instance i belongs to example
     *     {@code i / repeats}
     * @param repeats consecutive instances per example, so that {@code N = B·repeats}
     * @param listener told how many instances the call solved and how long the solver took, once it succeeded
     * @return the solutions, {@code [N, …]}, with the instances' data type
     * @throws org.imle4j.runtime.solve.SolverException if the solver fails or returns something that is not a
     *     solution for every instance
     */
    NDArray solve(NDArray instances, int repeats, SolveListener listener);
}

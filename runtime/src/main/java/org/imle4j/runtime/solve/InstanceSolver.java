package org.imle4j.runtime.solve;

import java.io.Serializable;

/**
 * Solves one instance held in a plain Java array.
 *
 * <p>A solver is {@link Serializable} so that a {@link SolverExecutor} other than the local pool can send it to the
 * machines that solve: a lambda that calls a static method, with the values it captures, serialises as it is; one
 * that calls an instance method captures the method's owner, which must then be serialisable too (the layer's
 * {@code build()} says so when it is not and such an executor is chosen).
 *
 * @param <T> the type of θ for one instance: {@code float[]}, {@code double[]}, {@code float[][]} or
 *     {@code double[][]}
 */
@FunctionalInterface
public interface InstanceSolver<T> extends Serializable {
    /**
     * Solves one instance.
     *
     * @param theta θ of the instance, owned by the caller: valid for the duration of the call, then reused for the
     *     next instance solved on the same thread (copy what you keep; the solution may be θ itself)
     * @param instance where the instance sits in the batch, and its extra inputs; reused in the same way
     * @return the solution: an array of the same rank and shape as θ with {@code boolean}, {@code byte},
     *     {@code int}, {@code float} or {@code double} elements
     * @throws Exception whatever the solver throws; the layer reports it with the layer, method and instance
     */
    Object solve(T theta, Instance instance) throws Exception;
}

package org.imle4j.runtime.solve;

/**
 * Solves one instance held in a plain Java array.
 *
 * @param <T> the type of θ for one instance: {@code float[]}, {@code double[]}, {@code float[][]} or
 *     {@code double[][]}
 */
@FunctionalInterface
public interface InstanceSolver<T> {
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

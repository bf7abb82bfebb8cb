package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;

/**
 * Solves every instance of a batch at once: {@code [N, …]} in, {@code [N, …]} out.
 *
 * <p>The generated layers build one from the annotated solver method: a batch-native ({@code NDArray}) solver is
 * called once per batch, a plain-Java solver through {@link ArraySolvers}, which runs it over the instances in
 * parallel.
 */
@FunctionalInterface
public interface BatchSolver {
    /**
     * Solves all instances of the request. Unless {@link #keepsThetaIntact()} says otherwise, θ is the call's own
     * copy: in-place operations on it change nothing outside the call.
     *
     * @param request the instances and their extra inputs
     * @return the solutions, one row per instance, on θ's device
     * @throws Exception whatever the solver throws; the layer reports it with the layer, method and instance
     */
    NDArray solve(SolveRequest request) throws Exception;

    /**
     * Whether this solver already checks the shape and finiteness of its solutions, so the caller need not check
     * them again on the device.
     *
     * @return true if every solution is checked as it is written; by default false
     */
    default boolean checksSolutions() {
        return false;
    }

    /**
     * Whether this solver cannot change θ in place (it reads θ into its own memory), so the caller need not hand it
     * a copy.
     *
     * @return true if θ is never written; by default false, and each call receives its own copy of θ
     */
    default boolean keepsThetaIntact() {
        return false;
    }

    /**
     * Nanoseconds that threads have spent solving single instances so far, summed over the threads, or −1 when
     * this solver does not count them. Plain-Java solvers run by {@link ArraySolvers} count them: with the pool on
     * several cores this is the solvers' own work, which the wall time of the calls divides among the cores.
     *
     * @return the summed nanoseconds, or −1 (the default) when not counted
     */
    default long threadNanos() {
        return -1;
    }
}

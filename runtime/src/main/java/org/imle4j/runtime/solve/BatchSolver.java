package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

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
     * The same solver, declared to only read θ: {@link #keepsThetaIntact()} is true, so each call receives θ itself
     * instead of a copy. The generated layer of a batch solver whose θ parameter is annotated
     * {@link org.imle4j.annotation.ReadOnly} builds its solver with it.
     *
     * @param solver a solver that never changes {@link SolveRequest#thetas()} in place
     * @return a solver that calls {@code solver} and answers {@link #checksSolutions()} and {@link #threadNanos()}
     *     as it does
     * @throws NullPointerException if {@code solver} is null
     */
    static BatchSolver keepingThetaIntact(BatchSolver solver) {
        Objects.requireNonNull(solver, "solver");
        return new BatchSolver() {
            @Override
            public NDArray solve(SolveRequest request) throws Exception {
                return solver.solve(request);
            }

            @Override
            public boolean checksSolutions() {
                return solver.checksSolutions();
            }

            @Override
            public boolean keepsThetaIntact() {
                return true;
            }

            @Override
            public long threadNanos() {
                return solver.threadNanos();
            }
        };
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

package org.imle4j.runtime.solve;

/**
 * How much a solver layer has called its solver, and how long the calls took: the counters of the solver run outside
 * training (and while training without a solution cache). They only grow.
 */
public interface SolverStatistics {
    /**
     * Solver calls so far, failed ones included.
     *
     * @return the number of calls
     */
    long calls();

    /**
     * Nanoseconds spent inside the solver so far: the wall time of its calls, host copies included.
     *
     * @return the summed wall time of the calls, in nanoseconds
     */
    long nanos();

    /**
     * Nanoseconds that threads spent solving single instances so far, summed over the threads, for plain-Java
     * solvers; for batch solvers, which solve on the device in one call, the wall time of the calls.
     *
     * @return the summed nanoseconds: {@link BatchSolver#threadNanos()} where the solver counts them, otherwise
     *     {@link #nanos()}
     */
    long threadNanos();
}

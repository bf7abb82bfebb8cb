package org.imle4j.runtime.internal;

/**
 * Told of each solver call that succeeded, with the runner's own measurement of it, so that a caller can report the
 * call without timing the solver a second time.
 */
@FunctionalInterface
public interface SolveListener {
    /** Hears nothing. */
    SolveListener NONE = (instances, nanos) -> {};

    /**
     * One call has returned a solution for every instance.
     *
     * @param instances N, the number of instances the call solved
     * @param nanos the wall time spent inside the solver, host copies included, in nanoseconds
     */
    void solved(long instances, long nanos);
}

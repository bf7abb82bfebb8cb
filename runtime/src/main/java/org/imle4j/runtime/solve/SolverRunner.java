package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls a layer's {@link BatchSolver} and makes sure that what comes back is a solution for every instance.
 *
 * <p>Any failure becomes a {@link SolverException} naming the layer, the solver method and, where it is known, the
 * instance: whatever the solver throws except a {@link VirtualMachineError} (out of memory, stack overflow), which
 * passes through unchanged because it says the JVM itself is in trouble; an interrupt of the calling thread during the
 * call (the interrupt status stays set); a timeout; a solution outside the {@link SolutionDomain} of the solver's
 * declared structure. It also counts calls and the time spent inside the solver.
 */
public final class SolverRunner {
    private final SolverIdentity identity;
    private final BatchSolver solver;
    private final SolutionDomain domain;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final int timeoutMillis;

    /**
     * Runs a solver without time limit whose solutions are only checked for their shape and finite values.
     *
     * @param identity the layer and solver method, for messages
     * @param solver the solver
     */
    public SolverRunner(SolverIdentity identity, BatchSolver solver) {
        this(identity, solver, SolutionDomain.UNCHECKED, 0);
    }

    /**
     * Runs a solver whose solutions must lie in {@code domain} and whose calls may each take at most
     * {@code timeoutMillis}.
     *
     * @param identity the layer and solver method, for messages
     * @param solver the solver
     * @param domain what its solutions must look like
     * @param timeoutMillis the time limit of one call, passed on in its {@link SolveRequest}; 0 for none
     * @throws IllegalArgumentException if {@code timeoutMillis} is negative
     */
    public SolverRunner(SolverIdentity identity, BatchSolver solver, SolutionDomain domain, int timeoutMillis) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException(identity.describe() + ": solverTimeoutMillis must be at least 0, but was "
                    + timeoutMillis);
        }
        this.identity = identity;
        this.solver = solver;
        this.domain = domain;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The layer and solver method.
     *
     * @return the identity used in messages
     */
    public SolverIdentity identity() {
        return identity;
    }

    /**
     * Solves {@code thetas} ({@code [N, …]}, in the solver's own sense).
     *
     * @param thetas the instances, {@code [N, …]}
     * @param inputs the layer's extra inputs, one row per example
     * @param repeats consecutive instances per example
     * @return the solutions, {@code [N, …]}, with θ's data type
     * @throws SolverException if the solver failed, returned no solution for every instance, timed out or was
     *     interrupted
     */
    public NDArray solve(NDArray thetas, NDList inputs, int repeats) {
        return solve(thetas, inputs, repeats, SolveListener.NONE);
    }

    /**
     * Solves {@code thetas} ({@code [N, …]}, in the solver's own sense) and tells {@code listener} of the call once
     * its solutions have passed the checks.
     *
     * @param thetas the instances, {@code [N, …]}
     * @param inputs the layer's extra inputs, one row per example
     * @param repeats consecutive instances per example
     * @param listener told N and the time spent inside the solver, as {@link #nanos()} counts it
     * @return the solutions, {@code [N, …]}, with θ's data type
     * @throws SolverException if the solver failed, returned no solution for every instance, timed out or was
     *     interrupted
     */
    public NDArray solve(NDArray thetas, NDList inputs, int repeats, SolveListener listener) {
        SolveRequest request = new SolveRequest(thetas, inputs, repeats, domain, timeoutMillis);
        long start = System.nanoTime();
        long elapsed = 0;
        // The estimators solve the same perturbed θ again in the backward pass, and outside training θ is the caller's
        // own tensor: a batch solver that wrote into it would silently corrupt the gradient or the caller's data, so
        // it gets its own copy (one device copy per call), unless it only ever reads θ.
        NDArray solverThetas = solver.keepsThetaIntact() ? thetas : thetas.duplicate();
        NDArray solutions = null;
        try {
            solutions = solver.solve(solverThetas == thetas ? request : request.withThetas(solverThetas));
        } catch (SolverException | VirtualMachineError e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw identity.failure("solver threw " + e, e);
        } catch (Throwable e) {
            throw identity.failure("solver threw " + e, e);
        } finally {
            elapsed = System.nanoTime() - start;
            nanos.addAndGet(elapsed);
            calls.incrementAndGet();
            if (solverThetas != thetas && solverThetas != solutions) {
                solverThetas.close();
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw identity.failure("interrupted while solving; the solutions are discarded",
                    new InterruptedException("solver call interrupted"));
        }
        if (solutions == null) {
            throw identity.failure("solver returned null instead of an NDArray of shape " + thetas.getShape(), null);
        }
        if (!solutions.getShape().equals(thetas.getShape())) {
            throw identity.failure("solver returned shape " + solutions.getShape() + " for θ of shape "
                    + thetas.getShape() + "; a batch solver must return one solution of θ's shape per instance", null);
        }
        if (solutions.getDataType() != thetas.getDataType()) {
            solutions = solutions.toType(thetas.getDataType(), false);
        }
        if (!solver.checksSolutions()) {
            checkOnDevice(solutions, request);
        }
        listener.solved(thetas.getShape().get(0), elapsed);
        return solutions;
    }

    /** Checks a batch solver's solutions: against the declared structure, which implies finite values, or finite. */
    private void checkOnDevice(NDArray solutions, SolveRequest request) {
        if (domain.checked()) {
            SolutionDomain.Violation violation = domain.checkOnDevice(solutions, request.countGroup());
            if (violation != null) {
                throw identity.failure(violation.problem(), violation.instance(), request.repeats(), null);
            }
            return;
        }
        int bad = Finiteness.firstNonFiniteRow(solutions);
        if (bad >= 0) {
            throw identity.failure("solver returned non-finite values", bad, request.repeats(), null);
        }
    }

    /**
     * Solver calls so far, failed ones included.
     *
     * @return the number of calls
     */
    public long calls() {
        return calls.get();
    }

    /**
     * Nanoseconds spent inside the solver so far: the wall time of its calls, host copies included.
     *
     * @return the summed wall time of the calls, in nanoseconds
     */
    public long nanos() {
        return nanos.get();
    }

    /**
     * Nanoseconds that threads spent solving single instances so far, summed over the threads, for plain-Java
     * solvers; for batch solvers, which solve on the device in one call, the wall time of the calls.
     *
     * @return the summed nanoseconds: {@link BatchSolver#threadNanos()} where the solver counts them, otherwise
     *     {@link #nanos()}
     */
    public long threadNanos() {
        long counted = solver.threadNanos();
        return counted >= 0 ? counted : nanos();
    }
}

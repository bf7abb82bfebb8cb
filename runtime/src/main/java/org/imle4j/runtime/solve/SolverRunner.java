package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls a layer's {@link BatchSolver} and makes sure that what comes back is a solution for every instance.
 *
 * <p>Any failure becomes a {@link SolverException} naming the layer, the solver method and, where it is known, the
 * instance: so does a solution outside the {@link SolutionDomain} of the solver's declared structure. It also counts
 * calls, solved instances and the time spent inside the solver.
 */
public final class SolverRunner {
    private final SolverIdentity identity;
    private final BatchSolver solver;
    private final SolutionDomain domain;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong instances = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    /**
     * Runs a solver.
     *
     * @param identity the layer and solver method, for messages
     * @param solver the solver
     * @param domain what its solutions must look like
     */
    public SolverRunner(SolverIdentity identity, BatchSolver solver, SolutionDomain domain) {
        this.identity = identity;
        this.solver = solver;
        this.domain = domain;
    }

    public SolverIdentity identity() {
        return identity;
    }

    /**
     * Solves {@code thetas} ({@code [N, …]}, in the solver's own sense).
     *
     * @param inputs the layer's extra inputs, one row per example
     * @param repeats consecutive instances per example
     * @return the solutions, {@code [N, …]}, with θ's data type
     */
    public NDArray solve(NDArray thetas, NDList inputs, int repeats) {
        SolveRequest request = new SolveRequest(thetas, inputs, repeats, domain);
        long start = System.nanoTime();
        NDArray solutions;
        try {
            solutions = solver.solve(request);
        } catch (SolverException e) {
            throw e;
        } catch (Exception | LinkageError | AssertionError e) {
            throw identity.failure("solver threw " + e, e);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
            calls.incrementAndGet();
            instances.addAndGet(thetas.getShape().get(0));
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

    /** Solver calls so far. */
    public long calls() {
        return calls.get();
    }

    /** Instances solved so far. */
    public long instances() {
        return instances.get();
    }

    /** Nanoseconds spent inside the solver so far: the wall time of its calls, host copies included. */
    public long nanos() {
        return nanos.get();
    }

    /**
     * Nanoseconds that threads spent solving single instances so far, summed over the threads, for plain-Java
     * solvers; for batch solvers, which solve on the device in one call, the wall time of the calls.
     */
    public long threadNanos() {
        long counted = solver.threadNanos();
        return counted >= 0 ? counted : nanos();
    }
}

package org.imle4j.runtime.solve;

import java.util.List;

/**
 * Where the instances of a plain-Java solver call are solved: the local pool of solver threads (the default), or
 * machines elsewhere, such as the members of a cluster ({@code imle4j-cluster}).
 *
 * <p>An executor other than the local one receives a call cut into {@link SolverShard shards}: contiguous runs of
 * instances, each with its θ rows, the solver (a {@link java.io.Serializable} lambda and the values it captures) and
 * the extra inputs. It solves every shard once, on whichever machine it likes, and returns one {@link ShardResult}
 * per shard, in order. The calling thread writes the solutions into the layer's output and checks them, so an
 * executor never writes a solution twice, whatever it had to re-run.
 *
 * <p>A layer takes its executor from {@code optSolverExecutor}, or else from the system property
 * {@value #PROPERTY}: {@code local} (the default) or the {@link SolverExecutorProvider#name() name} of a provider found
 * on the class path by {@link java.util.ServiceLoader}, such as {@code cluster}. Batch ({@code NDArray}) solvers
 * always solve on the calling thread.
 */
public interface SolverExecutor {
    /** System property naming the executor of layers whose builder does not set one: {@code local} by default. */
    String PROPERTY = "imle4j.solver.executor";

    /**
     * The local pool of solver threads, shared by all layers ({@link ArraySolvers#sharedThreads()}).
     *
     * @return the local executor, the same object on every call
     */
    static SolverExecutor local() {
        return LocalSolverExecutor.INSTANCE;
    }

    /**
     * The executor that the system property {@value #PROPERTY} names, made once per JVM and name by its
     * {@link SolverExecutorProvider}.
     *
     * @return {@link #local()} when the property is unset, empty or {@code local}; otherwise the provider's executor
     * @throws IllegalStateException if no provider on the class path has the name, or the provider could not make
     *     its executor
     */
    static SolverExecutor configured() {
        return ConfiguredExecutors.configured();
    }

    /**
     * The executor's name, as the system property {@value #PROPERTY} gives it.
     *
     * @return the name, e.g. {@code local} or {@code cluster}
     */
    String name();

    /**
     * How many shards a call of {@code instances} instances is cut into: enough to keep every machine busy, few
     * enough that each message carries several instances.
     *
     * @param instances the number of instances of the call, at least 1
     * @return the number of shards, at least 1 (the caller never cuts more shards than instances)
     */
    int shards(int instances);

    /**
     * Checks, as a layer is built, that its solver can run on this executor.
     *
     * @param identity the layer and solver method, for the message
     * @param solver the layer's solver of one instance
     * @throws IllegalArgumentException naming the layer and the solver method if it cannot, e.g. because it cannot
     *     be serialised for an executor that sends it elsewhere
     */
    void check(SolverIdentity identity, InstanceSolver<?> solver);

    /**
     * Solves every shard once and returns their results in order. A shard whose machine went away is solved again
     * elsewhere; a shard result is returned once.
     *
     * @param identity the layer and solver method, named in every error
     * @param shards the call's instances, in order
     * @param timeoutNanos how long the call may take, or 0 for no limit
     * @return one result per shard, {@code results.get(s)} for {@code shards.get(s)}
     * @throws SolverException naming the layer and solver method if the call timed out, the calling thread was
     *     interrupted (its interrupt status is set again), or no machine is left to solve on
     */
    List<ShardResult> solve(SolverIdentity identity, List<SolverShard> shards, long timeoutNanos);
}

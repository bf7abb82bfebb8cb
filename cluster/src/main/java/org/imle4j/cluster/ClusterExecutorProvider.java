package org.imle4j.cluster;

import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.runtime.solve.SolverExecutorProvider;

/**
 * Selects {@link ClusterSolverExecutor} by {@code -Dimle4j.solver.executor=cluster}, connected to the members of
 * {@code -Dimle4j.cluster.members=host:port,…} (see {@link ClusterSettings#fromSystemProperties()}). The executor is
 * disconnected when the JVM exits.
 */
public final class ClusterExecutorProvider implements SolverExecutorProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public ClusterExecutorProvider() {}

    @Override
    public String name() {
        return ClusterSolverExecutor.NAME;
    }

    @Override
    public SolverExecutor create() {
        return ClusterSolverExecutor.connect(ClusterSettings.fromSystemProperties());
    }
}

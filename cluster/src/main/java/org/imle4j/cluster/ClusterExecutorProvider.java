package org.imle4j.cluster;

import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.runtime.solve.SolverExecutorProvider;

/**
 * Selects {@link ClusterSolverExecutor} by {@code -Dimle4j.solver.executor=cluster}, connected to the members of
 * {@code -Dimle4j.cluster.members=host:port,…} (see {@link ClusterSettings#fromSystemProperties()}).
 *
 * <p>Nobody holds this executor to close it, and Hazelcast's client threads would keep the JVM alive after the
 * program's own threads have ended: a daemon thread disconnects it once only Hazelcast's threads are left.
 */
public final class ClusterExecutorProvider implements SolverExecutorProvider {
    /** How often the daemon thread looks whether the program's own threads have ended. */
    private static final long WATCH_MILLIS = 500;

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public ClusterExecutorProvider() {}

    @Override
    public String name() {
        return ClusterSolverExecutor.NAME;
    }

    @Override
    public SolverExecutor create() {
        ClusterSolverExecutor executor = ClusterSolverExecutor.connect(ClusterSettings.fromSystemProperties());
        Thread watch = new Thread(() -> {
            try {
                while (programRuns()) {
                    Thread.sleep(WATCH_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor.close();
        }, "imle4j-cluster-exit-watch");
        watch.setDaemon(true);
        watch.start();
        return executor;
    }

    /** Whether a thread other than Hazelcast's (named {@code hz.…}) would keep the JVM alive. */
    private static boolean programRuns() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.isDaemon() && !thread.getName().startsWith("hz.")
                    && !thread.getName().equals("DestroyJavaVM")) {
                return true;
            }
        }
        return false;
    }
}

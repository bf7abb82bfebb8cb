package org.imle4j.runtime.solve;

/**
 * Makes a {@link SolverExecutor} that the system property {@value SolverExecutor#PROPERTY} may name. Providers are
 * found by {@link java.util.ServiceLoader}: a module lists its provider in
 * {@code META-INF/services/org.imle4j.runtime.solve.SolverExecutorProvider}.
 */
public interface SolverExecutorProvider {
    /**
     * The name that selects this provider's executor.
     *
     * @return the name, e.g. {@code cluster}
     */
    String name();

    /**
     * Makes the executor, configured from system properties; called at most once per JVM.
     *
     * @return the executor
     * @throws IllegalStateException if the system properties do not configure a usable executor
     */
    SolverExecutor create();
}

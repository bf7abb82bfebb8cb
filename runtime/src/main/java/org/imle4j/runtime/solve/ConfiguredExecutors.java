package org.imle4j.runtime.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** The executors that the system property {@value SolverExecutor#PROPERTY} names, one per name and JVM. */
final class ConfiguredExecutors {
    private static final Map<String, SolverExecutor> MADE = new ConcurrentHashMap<>();

    private ConfiguredExecutors() {}

    static SolverExecutor configured() {
        String name = System.getProperty(SolverExecutor.PROPERTY, "").trim();
        if (name.isEmpty() || name.equals(LocalSolverExecutor.NAME)) {
            return SolverExecutor.local();
        }
        return MADE.computeIfAbsent(name, ConfiguredExecutors::make);
    }

    private static SolverExecutor make(String name) {
        List<String> names = new ArrayList<>(List.of(LocalSolverExecutor.NAME));
        for (SolverExecutorProvider provider : ServiceLoader.load(SolverExecutorProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.create();
            }
            names.add(provider.name());
        }
        throw new IllegalStateException("system property " + SolverExecutor.PROPERTY + " names the solver executor '"
                + name + "', but no provider of that name is on the class path (found: " + String.join(", ", names)
                + "); add its module, e.g. imle4j-cluster for 'cluster'");
    }
}

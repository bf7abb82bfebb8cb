package org.imle4j.runtime.solve;

import java.util.Arrays;
import java.util.List;

/**
 * The local pool of solver threads as a {@link SolverExecutor}. Layers on it never cut their calls into shards: they
 * hand their instances to {@link SolverPool} directly. Shards given to {@link #solve} are solved on the pool, one
 * shard per task, so that the shard path can be compared with the direct one.
 */
final class LocalSolverExecutor implements SolverExecutor {
    static final String NAME = "local";
    static final LocalSolverExecutor INSTANCE = new LocalSolverExecutor();

    private LocalSolverExecutor() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int shards(int instances) {
        return SolverPool.sharedThreads();
    }

    @Override
    public void check(SolverIdentity identity, InstanceSolver<?> solver) {
        // Every solver runs on the machine that built it.
    }

    @Override
    public List<ShardResult> solve(SolverIdentity identity, List<SolverShard> shards, long timeoutNanos) {
        ShardResult[] results = new ShardResult[shards.size()];
        try {
            SolverPool.forEach(shards.size(), 0, timeoutNanos, new SolverPool.InstanceWork<ShardResult>() {
                @Override
                public ShardResult solve(int index) {
                    return shards.get(index).solve(NAME);
                }

                @Override
                public void publish(int index, ShardResult result) {
                    results[index] = result;
                }
            });
        } catch (SolverPool.Stopped stopped) {
            throw identity.failure((Thread.currentThread().isInterrupted() ? "interrupted" : "timed out")
                    + " while solving " + shards.size() + " shards on the local pool; "
                    + Arrays.stream(results).filter(r -> r == null).count() + " unfinished", null);
        }
        return List.of(results);
    }
}

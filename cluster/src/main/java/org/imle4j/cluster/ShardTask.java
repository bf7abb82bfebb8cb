package org.imle4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.imle4j.runtime.solve.ShardResult;
import org.imle4j.runtime.solve.SolverShard;

/** One shard on its way to a member, which solves it and names itself in the result. */
final class ShardTask implements Callable<ShardResult>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final SolverShard shard;
    private transient String member = "a cluster member";

    ShardTask(SolverShard shard) {
        this.shard = shard;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        member = ClusterSolverExecutor.name(instance.getCluster().getLocalMember());
    }

    @Override
    public ShardResult call() {
        return shard.solve("member " + member);
    }
}

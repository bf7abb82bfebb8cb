package org.imle4j.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.imle4j.runtime.solve.InstanceSolver;
import org.imle4j.runtime.solve.ShardResult;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solve.SolverShard;

/**
 * Solves plain-Java solver calls on the members of a Hazelcast cluster: each call is cut into shards of several
 * instances, sent round-robin to the members' executor service {@code imle4j-solvers}, and gathered in order.
 *
 * <p>The training JVM joins as a Hazelcast client: it sends work and holds none. Members run {@link SolverMember}
 * with the solvers' classes (and this module) on their class path. Membership, transport and failure detection are
 * Hazelcast's: a shard whose member leaves during the call (its connection closes, or it stops answering heartbeats)
 * is sent to another member; each shard's result is taken once. The call fails with a {@link SolverException} naming
 * the layer and solver method when no member is left, when the layer's {@code solverTimeoutMillis} passes (the
 * members' tasks are cancelled), when the calling thread is interrupted, or, naming the member too, when a member
 * cannot run a shard (a class missing from its class path).
 *
 * <p>One executor is meant to serve all layers of a JVM; {@link #close()} disconnects it.
 */
public final class ClusterSolverExecutor implements SolverExecutor, AutoCloseable {
    /** The name that selects this executor in the system property {@value SolverExecutor#PROPERTY}. */
    public static final String NAME = "cluster";
    /** Shards per solver thread of a member: enough to even out the members' loads, few enough to batch. */
    private static final int SHARDS_PER_THREAD = 2;

    private final ClusterSettings settings;
    private final HazelcastInstance client;
    private final IExecutorService executor;
    private final AtomicInteger nextMember = new AtomicInteger();
    private final AtomicLong resubmitted = new AtomicLong();

    private ClusterSolverExecutor(ClusterSettings settings, HazelcastInstance client) {
        this.settings = settings;
        this.client = client;
        this.executor = client.getExecutorService(ClusterSettings.EXECUTOR);
    }

    /**
     * Connects to the cluster whose members the settings list.
     *
     * @param settings the cluster's name and members' addresses
     * @return the executor, connected
     * @throws IllegalStateException if no member could be reached within the settings' connect timeout
     */
    public static ClusterSolverExecutor connect(ClusterSettings settings) {
        try {
            return new ClusterSolverExecutor(settings, HazelcastClient.newHazelcastClient(settings.clientConfig()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no solver member of cluster '" + settings.clusterName()
                    + "' could be reached at " + settings.members() + " within " + settings.connectTimeoutMillis()
                    + " ms; start members with: java -cp <jars> " + SolverMember.class.getName()
                    + " --port <port> --members <host:port,...>", e);
        }
    }

    /**
     * The members now in the cluster.
     *
     * @return their addresses, {@code host:port}
     */
    public List<String> members() {
        List<String> names = new ArrayList<>();
        for (Member member : client.getCluster().getMembers()) {
            names.add(name(member));
        }
        return names;
    }

    /**
     * Shards sent again to another member because theirs left during a call, since this executor connected.
     *
     * @return the count
     */
    public long resubmittedShards() {
        return resubmitted.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int shards(int instances) {
        int threads = 0;
        for (Member member : client.getCluster().getMembers()) {
            String attribute = member.getAttribute(ClusterSettings.THREADS_ATTRIBUTE);
            threads += attribute == null ? 1 : Math.max(1, Integer.parseInt(attribute));
        }
        return Math.max(1, threads * SHARDS_PER_THREAD);
    }

    @Override
    public void check(SolverIdentity identity, InstanceSolver<?> solver) {
        SolverShard.requireSerializable(identity, solver, NAME);
    }

    @Override
    public List<ShardResult> solve(SolverIdentity identity, List<SolverShard> shards, long timeoutNanos) {
        return new Call(identity, shards, timeoutNanos).run();
    }

    /**
     * Disconnects from the cluster; the members keep running.
     */
    @Override
    public void close() {
        client.shutdown();
    }

    /** A member's address, as messages name it. */
    static String name(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static boolean memberLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MemberLeftException || t instanceof TargetDisconnectedException
                    || t instanceof TargetNotMemberException || t instanceof HazelcastInstanceNotActiveException
                    || t instanceof HazelcastClientOfflineException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A shard's task finished, one way or the other. */
    private record Completion(int shard, Future<ShardResult> future, ShardResult result, Throwable failure) {}

    /** One solver call: its shards, where each is being solved, and the results gathered so far. */
    private final class Call {
        private final SolverIdentity identity;
        private final List<SolverShard> shards;
        private final long timeoutNanos;
        private final ShardResult[] results;
        private final Member[] where;
        private final List<Future<ShardResult>> running = new ArrayList<>();
        private final BlockingQueue<Completion> done = new LinkedBlockingQueue<>();
        private final Set<UUID> lost = new HashSet<>();

        Call(SolverIdentity identity, List<SolverShard> shards, long timeoutNanos) {
            this.identity = identity;
            this.shards = shards;
            this.timeoutNanos = timeoutNanos;
            this.results = new ShardResult[shards.size()];
            this.where = new Member[shards.size()];
            for (int s = 0; s < shards.size(); s++) {
                running.add(null);
            }
        }

        List<ShardResult> run() {
            long deadline = System.nanoTime() + timeoutNanos;
            int first = nextMember.getAndIncrement();
            for (int s = 0; s < shards.size(); s++) {
                submit(s, first + s);
            }
            int remaining = shards.size();
            while (remaining > 0) {
                Completion completion;
                try {
                    completion = timeoutNanos > 0
                            ? done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
                            : done.take();
                } catch (InterruptedException e) {
                    cancelAll();
                    Thread.currentThread().interrupt();
                    throw identity.failure("interrupted while solving on the cluster; " + unfinished(remaining), e);
                }
                if (completion == null) {
                    cancelAll();
                    throw identity.failure("solver call timed out after " + timeoutNanos / 1_000_000
                            + " ms on the cluster; " + unfinished(remaining) + " (their tasks were cancelled)", null);
                }
                int s = completion.shard();
                if (completion.future() != running.get(s)) {
                    continue;
                }
                running.set(s, null);
                if (completion.failure() == null) {
                    results[s] = completion.result();
                    remaining--;
                    continue;
                }
                Throwable failure = unwrap(completion.failure());
                if (!memberLost(failure)) {
                    cancelAll();
                    SolverShard shard = shards.get(s);
                    throw identity.failure("member " + name(where[s]) + " could not solve the shard of "
                            + shard.size() + " instances starting here: " + failure, shard.firstInstance(),
                            shard.repeats(), failure);
                }
                lost.add(where[s].getUuid());
                resubmitted.incrementAndGet();
                submit(s, s + nextMember.getAndIncrement());
            }
            return List.of(results);
        }

        /**
         * Sends shard {@code s} to the {@code turn}-th member still there, round-robin; a member that refuses it
         * because it is leaving counts as lost.
         */
        private void submit(int s, int turn) {
            while (true) {
                List<Member> members = new ArrayList<>();
                for (Member member : client.getCluster().getMembers()) {
                    if (!lost.contains(member.getUuid())) {
                        members.add(member);
                    }
                }
                if (members.isEmpty()) {
                    cancelAll();
                    throw identity.failure("no member of cluster '" + settings.clusterName() + "' is left to solve "
                            + "on" + (lost.isEmpty() ? "" : " (" + lost.size() + " left during the call)") + "; "
                            + unfinished(unfinishedCount()), null);
                }
                Member member = members.get(Math.floorMod(turn, members.size()));
                Future<ShardResult> future;
                try {
                    future = executor.submitToMember(new ShardTask(shards.get(s)), member);
                } catch (HazelcastClientNotActiveException e) {
                    cancelAll();
                    throw identity.failure("the connection to cluster '" + settings.clusterName() + "' is closed ("
                            + e.getMessage() + "); connect a new ClusterSolverExecutor once members run again", e);
                } catch (RuntimeException e) {
                    if (!memberLost(e)) {
                        throw e;
                    }
                    lost.add(member.getUuid());
                    continue;
                }
                where[s] = member;
                running.set(s, future);
                @SuppressWarnings("unchecked")
                CompletionStage<ShardResult> stage = (CompletionStage<ShardResult>) future;
                stage.whenComplete((result, failure) -> done.add(new Completion(s, future, result, failure)));
                return;
            }
        }

        private int unfinishedCount() {
            int count = 0;
            for (ShardResult result : results) {
                count += result == null ? 1 : 0;
            }
            return count;
        }

        private String unfinished(int remaining) {
            int instances = 0;
            for (int s = 0; s < shards.size(); s++) {
                instances += results[s] == null ? shards.get(s).size() : 0;
            }
            return remaining + " of " + shards.size() + " shards (" + instances + " instances) unfinished";
        }

        /** Cancels the tasks still running, as far as their members can still be reached. */
        private void cancelAll() {
            for (Future<ShardResult> future : running) {
                if (future != null) {
                    try {
                        future.cancel(true);
                    } catch (RuntimeException e) {
                        // The member or the whole cluster is gone: nothing is left to stop there.
                    }
                }
            }
        }
    }
}

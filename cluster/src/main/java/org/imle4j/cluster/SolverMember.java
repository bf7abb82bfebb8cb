package org.imle4j.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;

/**
 * A solver member: an embedded Hazelcast member that solves the shards that training JVMs send it. Start one per
 * machine (or several on one, on different ports) with the solvers' classes and this module on the class path:
 *
 * <pre>{@code
 * java -cp <imle4j-cluster, imle4j-runtime, hazelcast, DJL api, your solvers' jars> org.imle4j.cluster.SolverMember \
 *     --host 127.0.0.1 --port 5701 --members 127.0.0.1:5701,127.0.0.1:5702 [--threads N] [--cluster-name imle4j]
 * }</pre>
 *
 * <p>It prints {@code imle4j solver member ready at host:port} once it has joined, and runs until it is stopped.
 */
public final class SolverMember implements AutoCloseable {
    /** The line a member prints once it has joined, followed by its address. */
    public static final String READY = "imle4j solver member ready at ";

    private final HazelcastInstance member;

    private SolverMember(HazelcastInstance member) {
        this.member = member;
    }

    /**
     * Starts a member in this JVM.
     *
     * @param settings the cluster's name and the members' addresses to join
     * @param host the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the port to listen on
     * @param threads the number of threads that solve shards, at least 1
     * @return the member, joined
     * @throws IllegalArgumentException if {@code threads} is below 1 or {@code port} is outside [1, 65535]
     */
    public static SolverMember start(ClusterSettings settings, String host, int port, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, but was " + threads);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [1, 65535], but was " + port);
        }
        return new SolverMember(Hazelcast.newHazelcastInstance(settings.memberConfig(host, port, threads)));
    }

    /**
     * The member's address.
     *
     * @return {@code host:port}
     */
    public String address() {
        return ClusterSolverExecutor.name(member.getCluster().getLocalMember());
    }

    /** Leaves the cluster and stops the member. */
    @Override
    public void close() {
        member.shutdown();
    }

    /**
     * Starts a member from the command line and keeps it running.
     *
     * @param args {@code --port <port>} (default 5701), {@code --host <address>} (default 127.0.0.1),
     *     {@code --members <host:port,…>} (default this member alone), {@code --threads <n>} (default the number of
     *     processors), {@code --cluster-name <name>} (default {@value ClusterSettings#DEFAULT_NAME})
     * @throws IllegalArgumentException if an option is unknown or its value is malformed
     */
    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 5701;
        String members = null;
        int threads = Runtime.getRuntime().availableProcessors();
        String clusterName = ClusterSettings.DEFAULT_NAME;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--members" -> members = value;
                case "--threads" -> threads = Integer.parseInt(value);
                case "--cluster-name" -> clusterName = value;
                default -> throw new IllegalArgumentException("unknown option " + option
                        + "; known: --host, --port, --members, --threads, --cluster-name");
            }
        }
        List<String> addresses = members == null ? List.of(host + ":" + port) : ClusterSettings.split(members);
        SolverMember member = start(new ClusterSettings(clusterName, addresses, 10_000), host, port, threads);
        System.out.println(READY + member.address());
        System.out.flush();
    }
}

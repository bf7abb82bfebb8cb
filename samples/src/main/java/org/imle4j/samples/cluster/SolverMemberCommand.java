package org.imle4j.samples.cluster;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.imle4j.cluster.ClusterSettings;
import org.imle4j.cluster.SolverMember;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a solver member of the samples' solvers from the samples jar, until the process is stopped: {@code java -jar
 * imle4j-samples.jar solver-member --port 5702 --members 127.0.0.1:5701,127.0.0.1:5702}. The jar holds the runtime,
 * the OR-Tools solvers, the cluster module and Hazelcast, so no other class path is needed.
 */
@Command(name = "solver-member", mixinStandardHelpOptions = true,
        description = "Runs a solver member (an embedded Hazelcast member that solves the shards training JVMs send "
                + "it) until the process is stopped.")
public final class SolverMemberCommand implements Callable<Integer> {
    /** Creates the command; picocli fills its options. */
    public SolverMemberCommand() {}

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 5701;

    @Option(names = "--members", split = ",", description = "Members' addresses host:port to join, this one "
            + "included (default: this member alone).")
    List<String> members;

    @Option(names = "--threads", description = "Threads that solve shards (default: the number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--cluster-name", description = "Name of the cluster to join (default: ${DEFAULT-VALUE}).")
    String clusterName = ClusterSettings.DEFAULT_NAME;

    /**
     * Starts the member, prints {@link SolverMember#READY} and its address, and waits until the process is stopped.
     *
     * @return never returns normally while the member runs
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if an address is not {@code host:port}, the port is outside [1, 65535] or
     *     the threads are fewer than 1
     */
    @Override
    public Integer call() throws InterruptedException {
        List<String> addresses = members == null ? List.of(host + ":" + port) : members;
        SolverMember member = SolverMember.start(
                new ClusterSettings(clusterName, addresses, ClusterSettings.of(addresses).connectTimeoutMillis()),
                host, port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(member::close, "imle4j-solver-member-shutdown"));
        System.out.println(SolverMember.READY + member.address());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}

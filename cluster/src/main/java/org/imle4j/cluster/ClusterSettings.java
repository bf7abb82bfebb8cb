package org.imle4j.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How solver members and the training JVM find each other: the cluster's name and the members' addresses. Members
 * join by TCP/IP on the listed addresses only (no multicast, no cloud discovery), Hazelcast's phone-home is off and
 * its logging goes through {@code java.util.logging} at level {@code SEVERE}.
 *
 * @param clusterName the Hazelcast cluster name shared by the members and the training JVM
 * @param members the members' addresses, {@code host:port} each, e.g. {@code 127.0.0.1:5701}
 * @param connectTimeoutMillis how long the training JVM tries to reach a member before it gives up
 */
public record ClusterSettings(String clusterName, List<String> members, long connectTimeoutMillis) {
    /** System property with the members' addresses, comma-separated {@code host:port}. */
    public static final String MEMBERS_PROPERTY = "imle4j.cluster.members";
    /** System property with the cluster's name; default {@value #DEFAULT_NAME}. */
    public static final String NAME_PROPERTY = "imle4j.cluster.name";
    /** System property with the connect timeout in milliseconds; default 10000. */
    public static final String CONNECT_TIMEOUT_PROPERTY = "imle4j.cluster.connectTimeoutMillis";
    /** The cluster name used unless one is given. */
    public static final String DEFAULT_NAME = "imle4j";
    /** Name of the Hazelcast executor service that runs solver shards on the members. */
    static final String EXECUTOR = "imle4j-solvers";
    /** Member attribute with the member's number of solver threads. */
    static final String THREADS_ATTRIBUTE = "imle4j.solverThreads";
    /** Held so that its level stays set: {@code java.util.logging} keeps loggers only weakly. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if the name is blank, no member is given, an address is not
     *     {@code host:port}, or the timeout is not positive
     */
    public ClusterSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("members must list at least one member address host:port");
        }
        for (String member : members) {
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("member address '" + member + "' is not host:port");
            }
        }
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connectTimeoutMillis must be positive, but was " + connectTimeoutMillis);
        }
        members = List.copyOf(members);
    }

    /**
     * Settings with the default name and a connect timeout of 10 s.
     *
     * @param members the members' addresses, {@code host:port} each
     * @return the settings
     * @throws IllegalArgumentException if no member is given or an address is not {@code host:port}
     */
    public static ClusterSettings of(List<String> members) {
        return new ClusterSettings(DEFAULT_NAME, members, 10_000);
    }

    /**
     * Settings from the system properties {@value #MEMBERS_PROPERTY} (required), {@value #NAME_PROPERTY} and
     * {@value #CONNECT_TIMEOUT_PROPERTY}.
     *
     * @return the settings
     * @throws IllegalStateException if {@value #MEMBERS_PROPERTY} is unset or a property is malformed
     */
    public static ClusterSettings fromSystemProperties() {
        String members = System.getProperty(MEMBERS_PROPERTY, "").trim();
        if (members.isEmpty()) {
            throw new IllegalStateException("the cluster solver executor needs the members' addresses: set "
                    + MEMBERS_PROPERTY + "=host:port,host:port,...");
        }
        try {
            return new ClusterSettings(System.getProperty(NAME_PROPERTY, DEFAULT_NAME), split(members),
                    Long.parseLong(System.getProperty(CONNECT_TIMEOUT_PROPERTY, "10000")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bad cluster settings in the system properties: " + e.getMessage(), e);
        }
    }

    /**
     * Splits a comma-separated list of addresses.
     *
     * @param addresses {@code host:port,host:port,…}
     * @return the addresses, blanks dropped
     */
    public static List<String> split(String addresses) {
        List<String> list = new ArrayList<>();
        for (String address : addresses.split(",")) {
            if (!address.isBlank()) {
                list.add(address.trim());
            }
        }
        return list;
    }

    /** The configuration of an embedded solver member on {@code host:port} with {@code threads} solver threads. */
    Config memberConfig(String host, int port, int threads) {
        quietLogging();
        Config config = new Config();
        config.setClusterName(clusterName);
        common(config.getProperties());
        // A member that stops answering is removed after a few seconds rather than Hazelcast's default minute, so
        // that its shards are solved elsewhere soon.
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.partition.count", "23");
        config.setProperty("hazelcast.shutdownhook.policy", "TERMINATE");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(members));
        config.getExecutorConfig(EXECUTOR).setPoolSize(threads).setStatisticsEnabled(false);
        config.getMemberAttributeConfig().setAttribute(THREADS_ATTRIBUTE, Integer.toString(threads));
        return config;
    }

    /** The configuration of the training JVM's client, which sends shards and takes no share of the work. */
    ClientConfig clientConfig() {
        quietLogging();
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        common(config.getProperties());
        config.setProperty("hazelcast.client.statistics.enabled", "false");
        config.getNetworkConfig().setAddresses(new ArrayList<>(members));
        // Without members, calls fail at once (HazelcastClientOfflineException) while the client reconnects in the
        // background, rather than wait for members that may never come back.
        config.getConnectionStrategyConfig().setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC)
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeoutMillis)
                .setMaxBackoffMillis((int) Math.min(connectTimeoutMillis, 1000));
        return config;
    }

    private static void common(Properties properties) {
        properties.setProperty("hazelcast.phone.home.enabled", "false");
        properties.setProperty("hazelcast.logging.type", "jdk");
    }

    /**
     * Hazelcast logs its start, joins and leaves at INFO and every refused reconnection at WARNING: only errors
     * pass. A member lost during a call is reported by the call that it affects.
     */
    private static void quietLogging() {
        HAZELCAST_LOG.setLevel(Level.SEVERE);
    }
}

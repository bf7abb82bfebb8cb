package org.imle4j.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Solver members in JVMs of their own on 127.0.0.1, started with this JVM's class path, for demonstrations and tests
 * on one machine. Each runs {@link SolverMember} on a free port and joins the others; {@link #close()} kills them.
 */
public final class LocalMembers implements AutoCloseable {
    /** System property that, when true, copies the members' output to this JVM's standard error. */
    public static final String ECHO_PROPERTY = "imle4j.cluster.echoMembers";
    private static final long START_SECONDS = 90;

    private final List<Process> processes = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    private LocalMembers() {}

    /**
     * Starts {@code count} members that join each other, and waits until each has joined.
     *
     * @param count the number of members, at least 1
     * @param threads the solver threads of each member, at least 1
     * @param options the JVM options of each member ({@code options.get(m)} for member m), e.g. {@code -Xmx256m}
     * @return the members, running
     * @throws IOException if a JVM could not be started
     * @throws InterruptedException if interrupted while waiting (the members started are killed)
     * @throws IllegalStateException if a member did not start within 90 s (the members started are killed)
     * @throws IllegalArgumentException if {@code count} or {@code threads} is below 1, or {@code options} has fewer
     *     than {@code count} entries
     */
    public static LocalMembers start(int count, int threads, List<List<String>> options)
            throws IOException, InterruptedException {
        if (count < 1 || threads < 1 || options.size() < count) {
            throw new IllegalArgumentException("count and threads must be at least 1 and options must have count "
                    + "entries, but count was " + count + ", threads " + threads + ", options " + options.size());
        }
        LocalMembers members = new LocalMembers();
        try {
            for (int m = 0; m < count; m++) {
                members.addresses.add("127.0.0.1:" + freePort());
            }
            List<CountDownLatch> ready = new ArrayList<>();
            for (int m = 0; m < count; m++) {
                ready.add(members.launch(members.addresses.get(m), threads, options.get(m)));
            }
            for (int m = 0; m < count; m++) {
                if (!ready.get(m).await(START_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("member " + members.addresses.get(m) + " did not start within "
                            + START_SECONDS + " s");
                }
            }
            return members;
        } catch (IOException | InterruptedException | RuntimeException e) {
            members.close();
            throw e;
        }
    }

    private CountDownLatch launch(String address, int threads, List<String> options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SolverMember.class.getName());
        command.add("--port");
        command.add(address.substring(address.indexOf(':') + 1));
        command.add("--members");
        command.add(String.join(",", addresses));
        command.add("--threads");
        command.add(Integer.toString(threads));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        CountDownLatch ready = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(SolverMember.READY)) {
                        ready.countDown();
                    } else if (Boolean.getBoolean(ECHO_PROPERTY)) {
                        System.err.println("[" + address + "] " + line);
                    }
                }
            } catch (IOException e) {
                // The member was stopped.
            }
        }, "member-output-" + address);
        drain.setDaemon(true);
        drain.start();
        return ready;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The members' addresses.
     *
     * @return {@code 127.0.0.1:port} of each member, in the order they were started
     */
    public List<String> addresses() {
        return addresses;
    }

    /**
     * Kills member {@code m} at once, as a crash would, and waits until its process is gone.
     *
     * @param m the member's index, in the order of {@link #addresses()}
     * @throws InterruptedException if interrupted while waiting
     */
    public void kill(int m) throws InterruptedException {
        Process process = processes.get(m);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Kills every member and waits until their processes are gone; an interrupt stops the waiting (the members are
     * killed all the same) and stays set.
     */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        try {
            for (Process process : processes) {
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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

/** Solver members in JVMs of their own on 127.0.0.1, started with the test's class path and stopped by the test. */
final class MemberProcesses implements AutoCloseable {
    private static final long START_SECONDS = 90;

    private final List<Process> processes = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();

    /**
     * Starts {@code count} members that join each other; member m gets the JVM options {@code options.get(m)}.
     */
    static MemberProcesses start(int count, List<List<String>> options) throws IOException, InterruptedException {
        MemberProcesses members = new MemberProcesses();
        try {
            for (int m = 0; m < count; m++) {
                members.addresses.add("127.0.0.1:" + freePort());
            }
            List<CountDownLatch> ready = new ArrayList<>();
            for (int m = 0; m < count; m++) {
                ready.add(members.launch(members.addresses.get(m), options.get(m)));
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

    private CountDownLatch launch(String address, List<String> options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SolverMember.class.getName());
        command.add("--port");
        command.add(address.substring(address.indexOf(':') + 1));
        command.add("--members");
        command.add(String.join(",", addresses));
        command.add("--threads");
        command.add("1");
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
                    } else if (Boolean.getBoolean("imle4j.test.memberOutput")) {
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

    /** The members' addresses, {@code 127.0.0.1:port}, in the order they were started. */
    List<String> addresses() {
        return addresses;
    }

    /** Kills member {@code m} at once, as a crash would, and waits until its process is gone. */
    void kill(int m) throws InterruptedException {
        Process process = processes.get(m);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}

package org.imle4j.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.runtime.solvers.TopK;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Layers on a cluster of three solver members, each in a JVM of its own on 127.0.0.1: the same solutions and
 * gradients as on the local pool, a solver that throws on one member, a timeout, a member killed during a call, and no
 * member left. The tests that kill members run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSolverExecutorTest {
    private static final int K = 3;
    private static final int WIDTH = 8;
    /** Members 0 and 1 sleep this long per marked instance: long enough for a kill to land during a call. */
    private static final int SLEEP_MILLIS = 300;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static LocalMembers members;
    private static ClusterSolverExecutor cluster;
    private NDManager manager;

    @BeforeAll
    static void startMembers() throws Exception {
        String sleep = "-D" + ClusterSolvers.SLEEP_PROPERTY + "=" + SLEEP_MILLIS;
        List<String> jvm = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", sleep);
        List<String> failing = new ArrayList<>(jvm);
        failing.add("-D" + ClusterSolvers.FAIL_PROPERTY + "=true");
        members = LocalMembers.start(3, 1, List.of(failing, jvm, jvm));
        cluster = ClusterSolverExecutor.connect(ClusterSettings.of(members.addresses()));
        long until = System.nanoTime() + 60_000_000_000L;
        while (cluster.members().size() < 3 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals(3, cluster.members().size(), "members seen by the client: " + cluster.members());
    }

    @AfterAll
    static void stopMembers() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (members != null) {
                members.close();
            }
        }
    }

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private static ClusterTopKLayer layer(SolverExecutor executor) {
        return ClusterTopKLayer.builder().setK(K).optSolverExecutor(executor).build();
    }

    private NDArray thetas(int rows, long seed, float mark) {
        Random random = new Random(seed);
        float[] values = new float[rows * WIDTH];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows && mark != 0; r++) {
            values[r * WIDTH] = mark;
        }
        return manager.create(values).reshape(rows, WIDTH);
    }

    private static NDArray run(SolverLayer layer, NDArray theta, boolean training) {
        return layer.forward(new ParameterStore(theta.getManager(), false), new NDList(theta), training)
                .singletonOrThrow();
    }

    /** The samples and dL/dθ of one training step with a fixed seed. */
    private float[][] step(SolverExecutor executor) {
        Engine.getInstance().setRandomSeed(7);
        NDArray theta = thetas(12, 11, 0);
        theta.setRequiresGradient(true);
        NDArray weights = thetas(36, 12, 0);
        float[] samples;
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = run(layer(executor), theta, true);
            samples = z.toFloatArray();
            collector.backward(z.mul(weights).sum());
        }
        return new float[][] {samples, theta.getGradient().toFloatArray()};
    }

    private static float[] expectedTopK(NDArray theta) {
        int rows = (int) theta.getShape().get(0);
        float[] values = theta.toFloatArray();
        float[] expected = new float[values.length];
        for (int r = 0; r < rows; r++) {
            float[] row = new float[WIDTH];
            System.arraycopy(values, r * WIDTH, row, 0, WIDTH);
            int[] solution = TopK.indicator(row, K);
            for (int i = 0; i < WIDTH; i++) {
                expected[r * WIDTH + i] = solution[i];
            }
        }
        return expected;
    }

    @Test
    @Order(1)
    void theSameSeedGivesTheSameSolutionsAndGradientsAsTheLocalPool() {
        float[][] local = step(SolverExecutor.local());
        float[][] remote = step(cluster);
        assertArrayEquals(local[0], remote[0], "perturbed solutions");
        assertArrayEquals(local[1], remote[1], "dL/dθ");
        NDArray theta = thetas(40, 13, 0);
        assertArrayEquals(expectedTopK(theta), run(layer(cluster), theta, false).toFloatArray());
    }

    @Test
    @Order(2)
    void aSolverThatThrowsOnOneMemberIsReportedNamingLayerMethodInstanceAndMember() {
        NDArray theta = thetas(12, 14, ClusterSolvers.FAIL_MARK);
        SolverException failure = assertThrows(SolverException.class, () -> run(layer(cluster), theta, false));
        String message = failure.getMessage();
        assertTrue(message.startsWith("ClusterTopKLayer (solver org.imle4j.cluster.ClusterSolvers#topK), instance "),
                message);
        assertTrue(message.contains("IllegalStateException: failing on purpose on this member"), message);
        assertTrue(message.contains("member " + members.addresses().get(0)), message);
        assertTrue(failure.getInstance() >= 0 && failure.getInstance() < 12, message);
        assertTrue(failure.getCause() instanceof org.imle4j.runtime.solve.RemoteFailure, String.valueOf(
                failure.getCause()));
    }

    @Test
    @Order(3)
    void theSystemPropertiesSelectTheClusterWithoutAChangeToTheLayersCode() {
        System.setProperty(SolverExecutor.PROPERTY, ClusterSolverExecutor.NAME);
        System.setProperty(ClusterSettings.MEMBERS_PROPERTY, String.join(",", members.addresses()));
        try {
            ClusterTopKLayer layer = ClusterTopKLayer.builder().setK(K).build();
            NDArray theta = thetas(9, 18, 0);
            assertArrayEquals(expectedTopK(theta), run(layer, theta, false).toFloatArray());
            // Only a member fails on marked rows: the layer's instances were solved on the cluster.
            SolverException failure = assertThrows(SolverException.class,
                    () -> run(layer, thetas(9, 19, ClusterSolvers.FAIL_MARK), false));
            assertTrue(failure.getMessage().contains("member " + members.addresses().get(0)), failure.getMessage());
        } finally {
            System.clearProperty(SolverExecutor.PROPERTY);
            System.clearProperty(ClusterSettings.MEMBERS_PROPERTY);
        }
    }

    @Test
    @Order(3)
    void aTimeoutIsAClearErrorNotAHang() {
        ClusterTopKLayer layer = ClusterTopKLayer.builder().setK(K).optSolverExecutor(cluster)
                .optSolverTimeoutMillis(200).build();
        NDArray theta = thetas(12, 15, ClusterSolvers.SLEEP_MARK);
        SolverException failure = assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(SolverException.class, () -> run(layer, theta, false)));
        assertTrue(failure.getMessage().contains("timed out after 200 ms on the cluster"), failure.getMessage());
    }

    @Test
    @Order(4)
    void aSolverWhoseOwnerCannotBeSerialisedIsRefusedAtBuild() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> OwnedArgmaxLayer.builder().setSolver(new ClusterSolvers.Owner()).optSolverExecutor(cluster)
                        .build());
        String message = failure.getMessage();
        assertTrue(message.startsWith("OwnedArgmaxLayer (solver org.imle4j.cluster.ClusterSolvers.Owner#argmax)"),
                message);
        assertTrue(message.contains("NotSerializableException: org.imle4j.cluster.ClusterSolvers$Owner"), message);
        OwnedArgmaxLayer.builder().setSolver(new ClusterSolvers.Owner()).optSolverExecutor(SolverExecutor.local())
                .build();
    }

    @Test
    @Order(5)
    void aMemberKilledDuringACallHasItsShardsSolvedElsewhere() throws Exception {
        NDArray theta = thetas(12, 16, ClusterSolvers.SLEEP_MARK);
        float[] expected = expectedTopK(theta);
        long resubmitted = cluster.resubmittedShards();
        ClusterTopKLayer layer = layer(cluster);
        CompletableFuture<float[]> solving = CompletableFuture.supplyAsync(() -> {
            try (NDManager callManager = NDManager.newBaseManager()) {
                return run(layer, callManager.create(theta.toFloatArray()).reshape(12, WIDTH), false).toFloatArray();
            }
        });
        Thread.sleep(SLEEP_MILLIS);
        members.kill(2);
        float[] solutions = assertTimeoutPreemptively(HANG_GUARD, () -> solving.get());
        assertArrayEquals(expected, solutions, "every instance solved once, none lost");
        assertTrue(cluster.resubmittedShards() > resubmitted, "the kill landed during the call");
    }

    @Test
    @Order(6)
    void noMemberLeftIsAClearErrorNotAHang() throws Exception {
        NDArray theta = thetas(8, 17, ClusterSolvers.SLEEP_MARK);
        ClusterTopKLayer layer = layer(cluster);
        CompletableFuture<Throwable> solving = CompletableFuture.supplyAsync(() -> {
            try (NDManager callManager = NDManager.newBaseManager()) {
                run(layer, callManager.create(theta.toFloatArray()).reshape(8, WIDTH), false);
                return null;
            } catch (SolverException e) {
                return e;
            }
        });
        Thread.sleep(SLEEP_MILLIS);
        members.kill(0);
        members.kill(1);
        Throwable failure = assertTimeoutPreemptively(HANG_GUARD, () -> solving.get());
        assertTrue(failure instanceof SolverException, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("is left to solve on"), failure.getMessage());
    }
}

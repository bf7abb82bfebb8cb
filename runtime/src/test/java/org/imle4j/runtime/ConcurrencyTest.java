package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.testing.TestLayer;
import org.junit.jupiter.api.Test;

/** One layer object shared by two threads. */
class ConcurrencyTest {
    private static final SolverIdentity IDENTITY = new SolverIdentity("TestLayer", "TopK#indicator");

    private static TestLayer sharedLayer() {
        return TestLayer.imle(ArraySolvers.floatVector((theta, instance) -> TopK.indicator(theta, 2), IDENTITY, 0))
                .optNoise(Noise.NONE).build();
    }

    @Test
    void concurrentInferenceGivesEachThreadItsOwnSolutions() throws Exception {
        TestLayer layer = sharedLayer();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int offset = t;
                results.add(threads.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        // Thread 0 favours items 0 and 1, thread 1 items 3 and 4.
                        float[] theta = offset == 0 ? new float[] {5, 4, 0, 1, 2} : new float[] {0, 1, 2, 4, 5};
                        NDArray z = Layers.infer(layer, manager.create(theta).reshape(1, 5).repeat(0, 16));
                        float[] expected = offset == 0 ? new float[] {1, 1, 0, 0, 0} : new float[] {0, 0, 0, 1, 1};
                        float[] first = z.get(0).toFloatArray();
                        if (!Arrays.equals(expected, first)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void twoThreadsTrainingInTurnKeepTheirBackwardPassesApart() throws Exception {
        TestLayer layer = sharedLayer();
        ReentrantLock oneStepAtATime = new ReentrantLock();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Future<float[]>> gradients = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                float direction = t == 0 ? 1 : -1;
                gradients.add(threads.submit(() -> {
                    NDArray w = manager.create(new float[] {2f, 1.5f, 1f, 0.5f}).reshape(1, 4);
                    w.setRequiresGradient(true);
                    for (int step = 0; step < 20; step++) {
                        oneStepAtATime.lock();
                        try (GradientCollector collector = ImleGradientCollector.open()) {
                            NDArray z = Layers.train(layer, w.mul(Scalars.of(w, 2)));
                            NDArray c = manager.create(new float[] {2 * direction, 0, -3 * direction, 0});
                            collector.backward(z.mul(c).sum());
                        } finally {
                            oneStepAtATime.unlock();
                        }
                    }
                    return w.getGradient().toFloatArray();
                }));
            }
            // θ = [4, 3, 2, 1], z = [1, 1, 0, 0]; with c: θ − c = [2, 3, 5, 1] → g = [1, 0, −1, 0]; with −c:
            // θ + c = [6, 3, −1, 1] → g = 0. Twenty steps accumulate into w's gradient (×2 for θ = 2w).
            assertArrayEquals(new float[] {40, 0, -40, 0}, gradients.get(0).get(60, TimeUnit.SECONDS), 1e-4f);
            assertArrayEquals(new float[] {0, 0, 0, 0}, gradients.get(1).get(60, TimeUnit.SECONDS), 1e-4f);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void secondCollectorWhileOneIsOpenIsRefusedWithAdvice() throws Exception {
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (GradientCollector collector = ImleGradientCollector.open()) {
                opened.countDown();
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        try {
            assertTrue(opened.await(30, TimeUnit.SECONDS));
            IllegalStateException error = assertThrows(IllegalStateException.class, ImleGradientCollector::open);
            assertTrue(error.getMessage().contains("one trainer at a time"), error.getMessage());
        } finally {
            done.countDown();
            holder.join();
        }
        try (GradientCollector collector = ImleGradientCollector.open()) {
            assertTrue(collector != null);
        }
    }
}

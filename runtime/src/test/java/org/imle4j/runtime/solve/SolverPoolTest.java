package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class SolverPoolTest {
    /** Runs {@code task} for every index without time limit; the task does its own publishing. */
    private static long run(int count, int threads, IntConsumer task) {
        try {
            return SolverPool.forEach(count, threads, 0, new SolverPool.InstanceWork<Void>() {
                @Override
                public Void solve(int index) {
                    task.accept(index);
                    return null;
                }

                @Override
                public void publish(int index, Void result) {}
            });
        } catch (SolverPool.Stopped e) {
            throw new AssertionError("stopped without timeout or interrupt", e);
        }
    }
    /** Runs {@code task} for every index with the given timeout and expected work; the task does its publishing. */
    private static long run(int count, long timeoutNanos, long expectedNanos, IntConsumer task)
            throws SolverPool.Stopped {
        return SolverPool.forEach(count, 0, timeoutNanos, expectedNanos, new SolverPool.InstanceWork<Void>() {
            @Override
            public Void solve(int index) {
                task.accept(index);
                return null;
            }

            @Override
            public void publish(int index, Void result) {}
        });
    }

    @Test
    void smallExpectedWorkRunsInOrderOnTheCallingThread() throws Exception {
        assertRunsInOrderOnTheCaller(task -> run(50, 0, SolverPool.INLINE_NANOS - 1, task));
    }

    @Test
    void aTimeoutKeepsEvenSmallWorkOffTheCallingThread() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        run(20, TimeUnit.SECONDS.toNanos(30), 0, i -> threads.add(Thread.currentThread()));
        assertTrue(!threads.isEmpty() && !threads.contains(Thread.currentThread()), threads.toString());
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int count : new int[] {1, 2, 3, 17, 320, 1001}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            run(count, 0, runs::incrementAndGet);
            for (int i = 0; i < count; i++) {
                assertEquals(1, runs.get(i), "index " + i + " of " + count);
            }
        }
    }

    @Test
    void reportsTheTimeThreadsSpentOnTheInstances() {
        long busy = run(40, 0, i -> {
            long until = System.nanoTime() + 200_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        // 40 instances of at least 0.2 ms each, whichever threads ran them.
        assertTrue(busy >= 40 * 200_000L, "busy " + busy);
    }

    @Test
    void oneThreadRunsInOrderOnTheCallingThread() throws Exception {
        assertRunsInOrderOnTheCaller(task -> run(50, 1, task));
    }

    /** A call of 50 instances, given the task of each instance. */
    private interface Call {
        void run(IntConsumer task) throws Exception;
    }

    /** Asserts that {@code call} runs its 50 instances on the calling thread, in index order. */
    private static void assertRunsInOrderOnTheCaller(Call call) throws Exception {
        List<Integer> order = new ArrayList<>();
        Thread caller = Thread.currentThread();
        call.run(i -> {
            assertSame(caller, Thread.currentThread());
            order.add(i);
        });
        for (int i = 0; i < 50; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void callingThreadSolvesEverythingWhilePoolThreadsAreBusy() throws Exception {
        // A solver given up by an earlier test's call keeps an extra pool thread until it returns.
        PoolSize.await(SolverPool.sharedThreads());
        CountDownLatch busy = new CountDownLatch(SolverPool.sharedThreads());
        CountDownLatch release = new CountDownLatch(1);
        for (int t = 0; t < SolverPool.sharedThreads(); t++) {
            SolverPool.shared().execute(() -> {
                busy.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(busy.await(30, TimeUnit.SECONDS));
            Set<Thread> workers = ConcurrentHashMap.newKeySet();
            AtomicIntegerArray runs = new AtomicIntegerArray(400);
            run(400, 0, i -> {
                workers.add(Thread.currentThread());
                runs.incrementAndGet(i);
            });
            assertEquals(Set.of(Thread.currentThread()), workers);
            for (int i = 0; i < 400; i++) {
                assertEquals(1, runs.get(i), "index " + i);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void lowestFailingIndexIsReportedWhateverTheTiming() {
        for (int repeat = 0; repeat < 50; repeat++) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> run(600, 0, i -> {
                        if (i == 137 || i == 138 || i == 500 || i == 599) {
                            throw new IllegalArgumentException("instance " + i);
                        }
                    }));
            assertEquals("instance 137", error.getMessage());
        }
    }

    @Test
    void everyIndexBelowTheFailureRan() {
        AtomicIntegerArray runs = new AtomicIntegerArray(300);
        assertThrows(IllegalStateException.class, () -> run(300, 0, i -> {
            runs.incrementAndGet(i);
            if (i == 250) {
                throw new IllegalStateException("instance " + i);
            }
        }));
        for (int i = 0; i <= 250; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    @Test
    void errorsPassThroughUnwrapped() {
        AssertionError error = assertThrows(AssertionError.class, () -> run(100, 0, i -> {
            if (i == 70) {
                throw new AssertionError("instance " + i);
            }
        }));
        assertEquals("instance 70", error.getMessage());
    }

    @Test
    void callsFromInsidePoolThreadsRunSerially() {
        AtomicIntegerArray runs = new AtomicIntegerArray(40 * 40);
        run(40, 0, outer -> run(40, 0, inner -> runs.incrementAndGet(outer * 40 + inner)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }
}

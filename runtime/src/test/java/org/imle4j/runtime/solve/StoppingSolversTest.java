package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imle4j.runtime.internal.SolverRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Solver calls stop at their timeout or at an interrupt, and a blocked solver does not take the pool with it. */
class StoppingSolversTest {
    private static final SolverIdentity IDENTITY = new SolverIdentity("BlockingLayer", "com.example.Solvers#block");
    /** Generous bound on waits for events that happen at once unless the code under test is broken. */
    private static final long PATIENCE_SECONDS = 30;

    private NDManager manager;
    /** Released at the end of each test, so that solvers that ignore interrupts return and their threads go. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down by every interrupt a blocked solver sees: the interrupt reaches it after the caller returned. */
    private final CountDownLatch interrupted = new CountDownLatch(1);

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        PoolSize.await(SolverPool.sharedThreads());
        manager.close();
    }

    /** Blocks until {@link #release}, ignoring interrupts; counts the interrupts it saw in {@code interrupts}. */
    private Object blockUninterruptibly(AtomicInteger interrupts) {
        boolean sawInterrupt = false;
        while (true) {
            try {
                if (release.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                sawInterrupt = true;
                interrupts.incrementAndGet();
                interrupted.countDown();
            }
        }
        if (sawInterrupt) {
            Thread.currentThread().interrupt();
        }
        return new int[4];
    }

    private NDArray thetas(int count) {
        return manager.ones(new Shape(count, 4));
    }

    @Test
    void timeoutNamesTheInstanceStillRunningAndInterruptsIt() throws InterruptedException {
        AtomicInteger interrupts = new AtomicInteger();
        SolverRunner runner = new SolverRunner(IDENTITY, ArraySolvers.floatVector(
                (theta, instance) -> blockUninterruptibly(interrupts), IDENTITY, 0), SolutionDomain.UNCHECKED, 2000);
        SolverException error = assertThrows(SolverException.class,
                () -> runner.solve(thetas(1), new NDList(), 1));
        assertTrue(error.getMessage().startsWith("BlockingLayer (solver com.example.Solvers#block), instance 0: "
                + "solver call timed out after 2000 ms; 1 of 1 instances unfinished, still running"),
                error.getMessage());
        assertEquals(0, error.getInstance());
        assertTrue(interrupted.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the blocked solver was interrupted");
        assertEquals(1, interrupts.get(), "interrupts the blocked solver saw");
    }

    @Test
    void timeoutStartsNoFurtherInstance() throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupts = new AtomicInteger();
        // One thread: the instances would run in order on one pool thread, the first one blocks. The limit leaves that
        // thread ample time to start even on a loaded machine, so the message can name instance 0 as running.
        SolverRunner runner = new SolverRunner(IDENTITY, ArraySolvers.floatVector((theta, instance) -> {
            started.incrementAndGet();
            return instance.index() == 0 ? blockUninterruptibly(interrupts) : new int[4];
        }, IDENTITY, 1), SolutionDomain.UNCHECKED, 2000);
        SolverException error = assertThrows(SolverException.class,
                () -> runner.solve(thetas(64), new NDList(), 1));
        assertTrue(error.getMessage().contains("64 of 64 instances unfinished, still running (their threads were "
                + "interrupted): instance 0; the others were not started"), error.getMessage());
        release.countDown();
        PoolSize.await(SolverPool.sharedThreads());
        assertEquals(1, started.get(), "instances started");
    }

    @Test
    void interruptStopsTheCallPromptlyAndStaysSet() throws Exception {
        assumeTrue(SolverPool.sharedThreads() >= 2, "needs a pool thread besides the caller");
        CountDownLatch solving = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        AtomicInteger blockedInstance = new AtomicInteger(-1);
        Caller caller = new Caller();
        // Two instances, no timeout: the caller solves one and waits for the other, which blocks on a pool thread.
        SolverRunner runner = new SolverRunner(IDENTITY, ArraySolvers.floatVector((theta, instance) -> {
            if (caller.isCurrentThread()) {
                solving.await();
                return new int[4];
            }
            blockedInstance.set(instance.index());
            solving.countDown();
            return blockUninterruptibly(interrupts);
        }, IDENTITY, 2));
        caller.start(runner, thetas(2));
        assertTrue(solving.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        caller.thread.interrupt();
        caller.thread.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        assertFalse(caller.thread.isAlive(), "the interrupted caller still waits for a blocked solver");
        SolverException error = assertInstanceOf(SolverException.class, caller.thrown);
        assertInstanceOf(InterruptedException.class, error.getCause());
        assertTrue(error.getMessage().contains("interrupted while solving"), error.getMessage());
        assertTrue(error.getMessage().contains("still running (their threads were interrupted): instance "
                + blockedInstance.get()), error.getMessage());
        assertTrue(caller.interruptedAfter, "interrupt status restored");
        assertTrue(interrupted.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the blocked solver was interrupted");
        assertEquals(1, interrupts.get(), "interrupts the blocked solver saw");
    }

    @Test
    void interruptedExceptionOfASolverOnTheCallingThreadStopsTheCall() throws Exception {
        assumeTrue(SolverPool.sharedThreads() >= 2, "needs a pool thread besides the caller");
        CountDownLatch solving = new CountDownLatch(1);
        Caller caller = new Caller();
        // The caller's instance ends in an InterruptedException (clearing the interrupt status) while the other
        // instance blocks on a pool thread: the caller must not wait for it.
        SolverRunner runner = new SolverRunner(IDENTITY, ArraySolvers.floatVector((theta, instance) -> {
            if (caller.isCurrentThread()) {
                solving.await();
                throw new InterruptedException("solver interrupted");
            }
            solving.countDown();
            return blockUninterruptibly(new AtomicInteger());
        }, IDENTITY, 2));
        caller.start(runner, thetas(2));
        caller.thread.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        assertFalse(caller.thread.isAlive(), "the caller still waits for a blocked solver");
        SolverException error = assertInstanceOf(SolverException.class, caller.thrown);
        assertInstanceOf(InterruptedException.class, error.getCause());
        assertTrue(caller.interruptedAfter, "interrupt status restored");
    }

    @Test
    void interruptedExceptionOfASequentialSolverKeepsTheInterruptStatus() {
        SolverRunner runner = new SolverRunner(IDENTITY, ArraySolvers.floatVector((theta, instance) -> {
            throw new InterruptedException("solver interrupted");
        }, IDENTITY, 1));
        try {
            SolverException error = assertThrows(SolverException.class,
                    () -> runner.solve(thetas(3), new NDList(), 1));
            assertInstanceOf(InterruptedException.class, error.getCause());
            assertEquals(0, error.getInstance());
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status restored");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void interruptBeforeTheCallStopsItWithoutSolving() {
        AtomicInteger started = new AtomicInteger();
        SolverRunner runner = new SolverRunner(IDENTITY, ArraySolvers.floatVector((theta, instance) -> {
            started.incrementAndGet();
            return new int[4];
        }, IDENTITY, 1));
        Thread.currentThread().interrupt();
        try {
            SolverException error = assertThrows(SolverException.class,
                    () -> runner.solve(thetas(8), new NDList(), 1));
            assertInstanceOf(InterruptedException.class, error.getCause());
            assertTrue(error.getMessage().endsWith("interrupted while solving; 8 of 8 instances unfinished, none of "
                    + "them started"), error.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status restored");
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, started.get());
    }

    @Test
    void batchSolverInterruptedDuringItsCallFails() {
        SolverRunner runner = new SolverRunner(IDENTITY, request -> {
            Thread.currentThread().interrupt();
            return request.thetas().zerosLike();
        });
        try {
            SolverException error = assertThrows(SolverException.class,
                    () -> runner.solve(thetas(3), new NDList(), 1));
            assertInstanceOf(InterruptedException.class, error.getCause());
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status restored");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void blockedSolverOfOneLayerLeavesOtherLayersAndLaterStepsTheirThreads() throws Exception {
        int threads = SolverPool.sharedThreads();
        AtomicInteger interrupts = new AtomicInteger();
        SolverRunner blocked = new SolverRunner(IDENTITY, ArraySolvers.floatVector(
                (theta, instance) -> blockUninterruptibly(interrupts), IDENTITY, 0), SolutionDomain.UNCHECKED, 100);
        SolverIdentity other = new SolverIdentity("OtherLayer", "com.example.Solvers#other");
        for (int step = 0; step < 2; step++) {
            assertThrows(SolverException.class, () -> blocked.solve(thetas(threads), new NDList(), 1));
            // The other layer's instances all meet inside the solver: it runs at full parallelism.
            CountDownLatch together = new CountDownLatch(threads);
            AtomicInteger met = new AtomicInteger();
            SolverRunner free = new SolverRunner(other, ArraySolvers.floatVector((theta, instance) -> {
                together.countDown();
                if (together.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                    met.incrementAndGet();
                }
                return new int[4];
            }, other, 0));
            free.solve(thetas(threads), new NDList(), 1);
            assertEquals(threads, met.get(), "instances of the other layer that ran at the same time");
        }
        release.countDown();
        PoolSize.await(threads);
    }

    @Test
    void finishedInstancesPublishNothingAfterTheCallStopped() throws InterruptedException {
        // A solver that returns late, after its call timed out, must not write into the call's output.
        AtomicInteger published = new AtomicInteger();
        assertThrows(SolverPool.Stopped.class, () -> SolverPool.forEach(1, 1, 50_000_000L,
                new SolverPool.InstanceWork<Integer>() {
                    @Override
                    public Integer solve(int index) {
                        blockUninterruptibly(new AtomicInteger());
                        return index;
                    }

                    @Override
                    public void publish(int index, Integer result) {
                        published.incrementAndGet();
                    }
                }));
        release.countDown();
        PoolSize.await(SolverPool.sharedThreads());
        assertEquals(0, published.get());
    }

    /** A thread that calls a runner once, recording what the call threw and whether the thread ended interrupted. */
    private static final class Caller {
        private volatile Thread thread;
        private volatile Throwable thrown;
        private volatile boolean interruptedAfter;

        boolean isCurrentThread() {
            return Thread.currentThread() == thread;
        }

        void start(SolverRunner runner, NDArray thetas) {
            thread = new Thread(() -> {
                try {
                    runner.solve(thetas, new NDList(), 1);
                } catch (Throwable e) {
                    thrown = e;
                }
                interruptedAfter = Thread.currentThread().isInterrupted();
            });
            thread.start();
        }
    }
}

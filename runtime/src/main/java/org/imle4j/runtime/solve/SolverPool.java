package org.imle4j.runtime.solve;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads that run plain-Java solvers over the instances of a batch.
 *
 * <p>One pool is shared by all layers. Its size is the system property {@code imle4j.solver.threads}, or the
 * number of available processors; a layer may use fewer threads ({@code optSolverThreads}), and one thread means
 * the instances are solved in order on the calling thread.
 *
 * <p>The calling thread solves too: it starts at once while pool threads wake up and join, and every thread takes
 * the next small block of instances when it is done with its last. Waking a parked thread can take a large share
 * of a millisecond on virtual machines, as long as a whole batch of small instances, so a batch never waits for a
 * thread that has not started yet.
 */
public final class SolverPool {
    /** System property that sets the size of the shared pool. */
    public static final String THREADS_PROPERTY = "imle4j.solver.threads";

    /** Blocks handed out per thread: small enough to even out, large enough to keep the hand-out cheap. */
    private static final int BLOCKS_PER_THREAD = 8;
    /** How long the calling thread spins for the last blocks of other threads before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private static final int SHARED_THREADS = Math.max(1,
            Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool SHARED = new ForkJoinPool(SHARED_THREADS,
            pool -> {
                var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("imle4j-solver-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            },
            null, false);

    private SolverPool() {}

    /** The shared pool itself, for tests that need its threads busy. */
    static ForkJoinPool shared() {
        return SHARED;
    }

    /** Number of threads of the shared pool. */
    public static int sharedThreads() {
        return SHARED_THREADS;
    }

    /**
     * Runs {@code task} for every index in {@code [0, count)}, on the calling thread and up to {@code threads − 1}
     * threads of the shared pool (0: as many as the pool has).
     *
     * <p>Returns normally only if every index ran. Otherwise it rethrows the failure of the lowest failing index:
     * blocks are handed out in increasing order and none is started past a failure, so every index below the lowest
     * failure has run and the failure reported is the same whatever the threads' timing.
     *
     * @return the time threads spent running {@code task}, summed over the threads, in nanoseconds
     */
    static long forEach(int count, int threads, IntConsumer task) {
        int parallelism = Math.min(count, threads == 0 ? SHARED_THREADS : Math.min(threads, SHARED_THREADS));
        if (parallelism <= 1 || ForkJoinTask.getPool() == SHARED) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return System.nanoTime() - start;
        }
        Batch batch = new Batch(count, Math.max(1, count / (parallelism * BLOCKS_PER_THREAD)), task);
        for (int helper = 1; helper < parallelism; helper++) {
            SHARED.execute(batch::work);
        }
        batch.work();
        batch.awaitHelpers();
        if (batch.failure instanceof Error error) {
            throw error;
        }
        if (batch.failure != null) {
            throw (RuntimeException) batch.failure;
        }
        if (batch.interrupted) {
            Thread.currentThread().interrupt();
            if (batch.abandoned) {
                throw new IllegalStateException("interrupted while waiting for solver calls");
            }
        }
        return batch.busyNanos.sum();
    }

    /** One call's instances, handed out in blocks to whichever thread asks next. */
    private static final class Batch {
        private final int count;
        private final int blockSize;
        private final IntConsumer task;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger next = new AtomicInteger();
        private final LongAdder busyNanos = new LongAdder();
        /** Instances not yet finished (run, skipped or failed). */
        private final AtomicInteger unfinished;
        /** Lowest failing index so far; blocks that start above it are skipped. */
        private volatile int failedAt = Integer.MAX_VALUE;
        private Throwable failure;
        private boolean interrupted;
        /** Whether an interrupt left instances unsolved. */
        private volatile boolean abandoned;

        Batch(int count, int blockSize, IntConsumer task) {
            this.count = count;
            this.blockSize = blockSize;
            this.task = task;
            this.unfinished = new AtomicInteger(count);
        }

        void work() {
            int from;
            while ((from = next.getAndAdd(blockSize)) < count) {
                int to = Math.min(count, from + blockSize);
                int stop = failedAt;
                if (from < stop) {
                    long start = System.nanoTime();
                    runBlock(from, to);
                    busyNanos.add(System.nanoTime() - start);
                } else if (stop < 0) {
                    abandoned = true;
                }
                if (unfinished.addAndGet(from - to) == 0 && Thread.currentThread() != caller) {
                    LockSupport.unpark(caller);
                }
            }
        }

        private void runBlock(int from, int to) {
            for (int i = from; i < to; i++) {
                try {
                    task.accept(i);
                } catch (RuntimeException | Error e) {
                    fail(i, e);
                    return;
                }
            }
        }

        private synchronized void fail(int index, Throwable e) {
            if (index < failedAt) {
                failedAt = index;
                failure = e;
            }
        }

        /**
         * Waits until the blocks taken by pool threads are done: spins briefly, then parks. An interrupt stops the
         * hand-out of further blocks; the blocks already running still finish, so none outlives the call.
         */
        void awaitHelpers() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (unfinished.get() > 0) {
                if (Thread.interrupted()) {
                    interrupted = true;
                    failedAt = -1;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
            synchronized (this) {
                // Reads failure under the lock that fail() wrote it with.
            }
        }
    }
}

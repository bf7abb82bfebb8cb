package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

/** The shared pool's size as tests see it: it grows while given-up solvers run and shrinks when they return. */
final class PoolSize {
    private static final long PATIENCE_SECONDS = 30;

    private PoolSize() {}

    /**
     * Waits until the pool has {@code threads} threads: not a timing assertion, as the pool shrinks as soon as the
     * solvers given up by earlier calls return, whenever that is.
     *
     * @param threads the expected number of threads
     * @throws InterruptedException if interrupted while waiting
     */
    static void await(int threads) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (SolverPool.currentThreads() != threads && System.nanoTime() < giveUp) {
            Thread.sleep(1);
        }
        assertEquals(threads, SolverPool.currentThreads(), "threads of the pool");
    }
}

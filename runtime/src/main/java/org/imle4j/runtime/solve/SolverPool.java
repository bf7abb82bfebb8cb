package org.imle4j.runtime.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads that run plain-Java solvers over the instances of a batch.
 *
 * <p>One pool is shared by all layers. Its size is the system property {@code imle4j.solver.threads}, or the
 * number of available processors; a layer may use fewer threads ({@code optSolverThreads}), and one thread means
 * the instances are solved in order on the calling thread.
 */
public final class SolverPool {
    /** System property that sets the size of the shared pool. */
    public static final String THREADS_PROPERTY = "imle4j.solver.threads";

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

    /** Number of threads of the shared pool. */
    public static int sharedThreads() {
        return SHARED_THREADS;
    }

    /**
     * Runs {@code task} for every index in {@code [0, count)}, on at most {@code threads} threads
     * (0: the whole shared pool), in contiguous chunks.
     *
     * <p>Returns normally only if every index ran; otherwise rethrows the failure of the lowest failing chunk.
     */
    static void forEach(int count, int threads, IntConsumer task) {
        int parallelism = Math.min(count, threads == 0 ? SHARED_THREADS : Math.min(threads, SHARED_THREADS));
        if (parallelism <= 1 || ForkJoinTask.getPool() == SHARED) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        List<Future<?>> chunks = new ArrayList<>(parallelism);
        for (int c = 0; c < parallelism; c++) {
            int from = (int) ((long) count * c / parallelism);
            int to = (int) ((long) count * (c + 1) / parallelism);
            chunks.add(SHARED.submit(() -> {
                for (int i = from; i < to; i++) {
                    task.accept(i);
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> chunk : chunks) {
            try {
                chunk.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                chunks.forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while waiting for solver calls", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

}

package org.imle4j.runtime.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

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
 *
 * <p>A call can be stopped: by its timeout, or by an interrupt of the calling thread. Then no further instance
 * starts, pool threads still inside the solver are interrupted, no result is written into the call's output any
 * more, and the caller returns at once, whether or not the solvers heed the interrupt. A call with a timeout only
 * waits: the solving is left to pool threads, so that a solver that never returns cannot hold the caller. A pool
 * thread given up inside a solver is replaced for as long as the solver holds it, so one blocked solver does not
 * take threads from other layers or later steps.
 */
final class SolverPool {
    /** System property that sets the size of the shared pool. */
    static final String THREADS_PROPERTY = "imle4j.solver.threads";

    /** Blocks handed out per thread: small enough to even out, large enough to keep the hand-out cheap. */
    private static final int BLOCKS_PER_THREAD = 8;
    /** How long the calling thread spins for the last blocks of other threads before it parks. */
    private static final long SPIN_NANOS = 50_000;
    /**
     * Expected work of a call below which its instances are solved in order on the calling thread: waking pool
     * threads and waiting for their last blocks takes about this long on a busy virtual machine.
     */
    static final long INLINE_NANOS = 200_000;
    /** Running instances named in the message of a stopped call; the rest are counted. */
    private static final int NAMED_INSTANCES = 5;

    private static final int SHARED_THREADS = Math.max(1,
            Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    /**
     * Core threads: {@link #SHARED_THREADS} plus one for every thread given up inside a solver. The queue is
     * unbounded, so the pool never grows past its core size on its own.
     */
    private static final ThreadPoolExecutor SHARED = new ThreadPoolExecutor(SHARED_THREADS, Integer.MAX_VALUE,
            60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), SolverThread::new);

    private SolverPool() {}

    /** The shared pool itself, for tests that need its threads busy. */
    static Executor shared() {
        return SHARED;
    }

    /**
     * Number of threads of the shared pool: the system property {@value #THREADS_PROPERTY} if set, otherwise the
     * number of available processors, read once when the class is loaded.
     *
     * @return the number of threads, at least 1
     */
    static int sharedThreads() {
        return SHARED_THREADS;
    }

    /** Threads the pool keeps now: its size plus the threads given up inside solvers that have not returned. */
    static int currentThreads() {
        synchronized (SHARED) {
            return SHARED.getCorePoolSize();
        }
    }

    /**
     * Runs {@code work} for every index in {@code [0, count)}, on the calling thread and up to {@code threads − 1}
     * threads of the shared pool (0: as many as the pool has); with a timeout, on up to {@code threads} pool threads
     * while the calling thread waits.
     *
     * <p>Returns normally only if every index ran. Otherwise it rethrows the failure of the lowest failing index:
     * blocks are handed out in increasing order and no index is started past a failure, so every index below the
     * lowest failure has run and the failure reported is the same whatever the threads' timing.
     *
     * @param timeoutNanos how long the call may take, or 0 for no limit
     * @return the time threads spent running {@code work}, summed over the threads, in nanoseconds
     * @throws Stopped when the timeout passed or the calling thread was interrupted first (its interrupt status is
     *     set again)
     */
    static <R> long forEach(int count, int threads, long timeoutNanos, InstanceWork<R> work) throws Stopped {
        return forEach(count, threads, timeoutNanos, -1, work);
    }

    /**
     * Runs {@code work} for every index in {@code [0, count)} as {@link #forEach(int, int, long, InstanceWork)} does,
     * but in order on the calling thread when the call has no timeout and {@code expectedNanos}, the work the caller
     * expects the call to take, is known and below {@link #INLINE_NANOS}: handing so little work to the pool costs
     * more than it saves. Which thread solves changes nothing of the results, nor of the failure reported.
     *
     * @param expectedNanos the expected work of the call, summed over its instances, in nanoseconds; negative if
     *     unknown
     * @return the time threads spent running {@code work}, summed over the threads, in nanoseconds
     * @throws Stopped when the timeout passed or the calling thread was interrupted first (its interrupt status is
     *     set again)
     */
    static <R> long forEach(int count, int threads, long timeoutNanos, long expectedNanos, InstanceWork<R> work)
            throws Stopped {
        if (count == 0) {
            return 0;
        }
        int parallelism = Math.min(count, threads == 0 ? SHARED_THREADS : Math.min(threads, SHARED_THREADS));
        boolean nested = Thread.currentThread() instanceof SolverThread;
        boolean small = expectedNanos >= 0 && expectedNanos < INLINE_NANOS;
        if (nested || ((parallelism <= 1 || small) && timeoutNanos == 0)) {
            return inOrder(count, work);
        }
        boolean callerSolves = timeoutNanos == 0;
        long deadline = System.nanoTime() + timeoutNanos;
        Batch<R> batch = new Batch<>(count, Math.max(1, count / (parallelism * BLOCKS_PER_THREAD)), work,
                callerSolves ? parallelism - 1 : parallelism);
        for (Helper helper : batch.helpers) {
            SHARED.execute(helper);
        }
        if (callerSolves) {
            batch.work(null);
        }
        // An interrupt during the call stops it even if every instance happens to be done: the caller asked to stop.
        boolean interrupted = !batch.awaitHelpers(deadline, !callerSolves) || Thread.currentThread().isInterrupted();
        if (interrupted || batch.unfinished.get() > 0) {
            throw batch.stop(interrupted);
        }
        batch.rethrowFailure();
        return batch.busyNanos.sum();
    }

    /** Runs every index in order on the calling thread; an interrupt stops the call between instances. */
    private static <R> long inOrder(int count, InstanceWork<R> work) throws Stopped {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Stopped(true, count, count - i, new int[0]);
            }
            work.publish(i, work.solve(i));
        }
        return System.nanoTime() - start;
    }

    /** Adds threads to the pool's core, or takes them away again. */
    private static void resize(int delta) {
        synchronized (SHARED) {
            SHARED.setCorePoolSize(SHARED.getCorePoolSize() + delta);
        }
    }

    /**
     * The work of one instance in two steps: solving, which may take long and may be given up, and publishing the
     * result into the call's output, which happens only while the call still waits for it.
     *
     * @param <R> what solving hands to publishing
     */
    interface InstanceWork<R> {
        /** Solves instance {@code index}. */
        R solve(int index);

        /** Writes the result of instance {@code index} into the call's output. */
        void publish(int index, R result);
    }

    /** A call stopped before all its instances were solved: by its timeout, or by an interrupt. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean interrupted;
        private final int count;
        private final int unfinished;
        private final int[] running;

        Stopped(boolean interrupted, int count, int unfinished, int[] running) {
            super(null, null, false, false);
            this.interrupted = interrupted;
            this.count = count;
            this.unfinished = unfinished;
            this.running = running;
        }

        /**
         * The exception the caller sees: names the layer, the solver method, what stopped the call and the instances
         * not finished; an interrupt is kept as the cause.
         */
        SolverException toFailure(SolverIdentity identity, SolveRequest request) {
            int repeats = request.repeats();
            StringBuilder what = new StringBuilder(interrupted
                    ? "interrupted while solving"
                    : "solver call timed out after " + request.timeoutMillis() + " ms");
            what.append("; ").append(unfinished).append(" of ").append(count).append(" instances unfinished");
            if (running.length > 0) {
                what.append(", still running (their threads were interrupted): ");
                for (int i = 0; i < Math.min(running.length, NAMED_INSTANCES); i++) {
                    what.append(i == 0 ? "" : ", ")
                            .append(SolverIdentity.locate(request.instanceIndex(running[i]), repeats));
                }
                if (running.length > NAMED_INSTANCES) {
                    what.append(" and ").append(running.length - NAMED_INSTANCES).append(" more");
                }
                what.append("; the others were not started");
            } else {
                what.append(", none of them started");
            }
            InterruptedException cause = interrupted ? new InterruptedException("solver call interrupted") : null;
            int instance = running.length > 0 ? request.instanceIndex(running[0]) : -1;
            return instance >= 0
                    ? identity.failure(what.toString(), instance, repeats, cause)
                    : identity.failure(what.toString(), cause);
        }
    }

    /** A thread of the shared pool: a solver call made on one runs in order on it, rather than queue behind it. */
    private static final class SolverThread extends Thread {
        SolverThread(Runnable task) {
            super(task, "imle4j-solver-" + THREAD_NUMBERS.getAndIncrement());
            setDaemon(true);
        }
    }

    /**
     * One pool thread's share of a call. Its state changes under its own lock, so that the caller interrupts the
     * thread only while the thread still works for this call, never once it has moved on to another.
     */
    private static final class Helper implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int GIVEN_UP = 3;

        /** {@link #instance} between instances. */
        static final int IDLE = -1;
        /** {@link #instance} while a result is being published. */
        static final int PUBLISHING = -2;

        private final Batch<?> batch;
        private int state = QUEUED;
        private Thread thread;
        /** The instance this helper is solving, {@link #IDLE} or {@link #PUBLISHING}. */
        private volatile int instance = IDLE;
        /** Instances solved and published; written by the helper's thread, read after it stopped publishing. */
        private int solved;

        Helper(Batch<?> batch) {
            this.batch = batch;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != QUEUED) {
                    return;
                }
                state = RUNNING;
                thread = Thread.currentThread();
            }
            try {
                batch.work(this);
            } finally {
                synchronized (this) {
                    if (state == GIVEN_UP) {
                        // The caller interrupted this thread and added a replacement: clear the one, remove the other.
                        Thread.interrupted();
                        resize(-1);
                    }
                    state = DONE;
                    thread = null;
                }
            }
        }

        /**
         * Called by the caller of a stopped call: a queued helper will not run; a running one is interrupted and
         * replaced. Returns the instance it is inside, or −1.
         */
        synchronized int giveUp() {
            if (state == QUEUED) {
                state = GIVEN_UP;
                return -1;
            }
            if (state != RUNNING) {
                return -1;
            }
            state = GIVEN_UP;
            int running = instance;
            thread.interrupt();
            resize(1);
            return running;
        }
    }

    /** One call's instances, handed out in blocks to whichever thread asks next. */
    private static final class Batch<R> {
        private final int count;
        private final int blockSize;
        private final InstanceWork<R> work;
        private final Thread caller = Thread.currentThread();
        private final Helper[] helpers;
        private final AtomicInteger next = new AtomicInteger();
        private final LongAdder busyNanos = new LongAdder();
        /** Instances not yet finished (run, skipped or failed). */
        private final AtomicInteger unfinished;
        /** Lowest failing index so far; instances above it are skipped. */
        private volatile int failedAt = Integer.MAX_VALUE;
        /** Set when the caller stops waiting: no instance starts and no result is published after it. */
        private volatile boolean closed;
        private Throwable failure;
        /** Instances the calling thread solved and published; only the calling thread uses it. */
        private int callerSolved;

        Batch(int count, int blockSize, InstanceWork<R> work, int helperCount) {
            this.count = count;
            this.blockSize = blockSize;
            this.work = work;
            this.unfinished = new AtomicInteger(count);
            this.helpers = new Helper[helperCount];
            for (int h = 0; h < helperCount; h++) {
                helpers[h] = new Helper(this);
            }
        }

        /**
         * Takes blocks until none is left; {@code helper} is null on the calling thread, which stops at an interrupt
         * and leaves the rest to the pool threads and the call's stop.
         */
        void work(Helper helper) {
            int from;
            while (!closed && (from = next.getAndAdd(blockSize)) < count) {
                int to = Math.min(count, from + blockSize);
                long start = System.nanoTime();
                boolean interrupted = false;
                for (int i = from; i < to && i < failedAt && !closed; i++) {
                    interrupted = helper == null && caller.isInterrupted();
                    if (interrupted || !runInstance(helper, i)) {
                        break;
                    }
                }
                if (helper != null) {
                    helper.instance = Helper.IDLE;
                }
                busyNanos.add(System.nanoTime() - start);
                if (unfinished.addAndGet(from - to) == 0 && helper != null) {
                    LockSupport.unpark(caller);
                }
                if (interrupted) {
                    return;
                }
            }
        }

        /**
         * Solves and publishes one instance; false if it failed. A pool thread marks what it is doing in its helper,
         * so that {@link #stop} can name the instances still running and wait for a result being published: the
         * helper marks itself publishing before it reads {@link #closed}, the caller closes before it reads the marks.
         */
        private boolean runInstance(Helper helper, int i) {
            try {
                if (helper == null) {
                    work.publish(i, work.solve(i));
                    callerSolved++;
                    return true;
                }
                helper.instance = i;
                R result = work.solve(i);
                helper.instance = Helper.PUBLISHING;
                if (!closed) {
                    work.publish(i, result);
                    helper.solved++;
                }
                return true;
            } catch (RuntimeException | Error e) {
                fail(i, e);
                return false;
            }
        }

        private synchronized void fail(int index, Throwable e) {
            if (index < failedAt) {
                failedAt = index;
                failure = e;
            }
        }

        /**
         * Waits until the blocks taken by pool threads are done: spins briefly, then parks. Returns false if the
         * calling thread was interrupted first, true otherwise (done, or the deadline passed).
         *
         * @param deadline {@link System#nanoTime()} by which to give up; ignored unless {@code timed}
         */
        boolean awaitHelpers(long deadline, boolean timed) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (unfinished.get() > 0) {
                if (Thread.interrupted()) {
                    return false;
                }
                long now = System.nanoTime();
                if (timed && now - deadline >= 0) {
                    return true;
                }
                if (now < spinUntil) {
                    Thread.onSpinWait();
                } else if (timed) {
                    LockSupport.parkNanos(this, deadline - now);
                } else {
                    LockSupport.park(this);
                }
            }
            return true;
        }

        /**
         * Stops the call: no instance starts, no result is published once this returns, running solvers are
         * interrupted and their threads replaced. An interrupt of the caller is set again.
         */
        Stopped stop(boolean interrupted) {
            closed = true;
            int solved = callerSolved;
            List<Integer> running = new ArrayList<>();
            for (Helper helper : helpers) {
                while (helper.instance == Helper.PUBLISHING) {
                    Thread.onSpinWait();
                }
                solved += helper.solved;
                int instance = helper.giveUp();
                if (instance >= 0) {
                    running.add(instance);
                }
            }
            if (interrupted) {
                caller.interrupt();
            }
            int[] indices = running.stream().mapToInt(Integer::intValue).sorted().toArray();
            return new Stopped(interrupted, count, count - solved, indices);
        }

        void rethrowFailure() {
            Throwable thrown;
            synchronized (this) {
                thrown = failure;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            if (thrown != null) {
                throw (RuntimeException) thrown;
            }
        }
    }
}

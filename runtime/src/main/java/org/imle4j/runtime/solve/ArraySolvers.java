package org.imle4j.runtime.solve;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Adapts plain-Java solvers, which solve one instance held in a Java array, to {@link BatchSolver}.
 *
 * <p>A batch is copied to the host once, its instances are solved on a shared pool of solver threads
 * ({@link #sharedThreads()}), and the solutions are
 * copied back to θ's device once, with θ's data type. Every solution is checked as it is written: shape, finite
 * values, and the request's {@link SolutionDomain}. In steady state a call allocates next to nothing on the Java heap:
 * host copies and per-instance θ arrays are reused.
 */
public final class ArraySolvers {
    private ArraySolvers() {}

    /**
     * Number of threads of the shared pool that solves plain-Java instances: the system property
     * {@code imle4j.solver.threads} if set, otherwise the number of available processors, read once when the pool is
     * first used.
     *
     * @return the number of threads, at least 1
     */
    public static int sharedThreads() {
        return SolverPool.sharedThreads();
    }

    /**
     * A solver of one instance given as {@code float[]}: θ, of shape {@code [N, n]}, is copied to the host as
     * {@code float} values, one {@code float[n]} per instance.
     *
     * @param solver the solver of one instance, given its row of θ as {@code float[n]}
     * @param identity the layer and solver method, named in every error
     * @param threads the most threads that solve the instances of one call: 0 for as many as the shared
     *     pool has ({@link #sharedThreads()}), 1 to solve in order on the calling thread, n for at
     *     most n (never more than the pool has)
     * @return a batch solver that takes θ of shape {@code [N, n]} and returns the solutions, of the same shape, on
     *     θ's device with θ's data type; its {@link BatchSolver#solve} throws a {@link SolverException} if θ does
     *     not have rank 2, if the call runs past the request's time limit, or, naming the instance, if the solver
     *     throws or returns a solution of another shape, with non-finite values or outside the request's
     *     {@link SolutionDomain}
     */
    public static BatchSolver floatVector(InstanceSolver<float[]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 1, false,
                (host, offset, shape, scratch) -> {
                    float[] theta = scratch.floats(shape[0]);
                    System.arraycopy(host.floats, offset, theta, 0, shape[0]);
                    return theta;
                },
                solver);
    }

    /**
     * A solver of one instance given as {@code double[]}: θ, of shape {@code [N, n]}, is copied to the host as
     * {@code double} values, one {@code double[n]} per instance.
     *
     * @param solver the solver of one instance, given its row of θ as {@code double[n]}
     * @param identity the layer and solver method, named in every error
     * @param threads the most threads that solve the instances of one call: 0 for as many as the shared
     *     pool has ({@link #sharedThreads()}), 1 to solve in order on the calling thread, n for at
     *     most n (never more than the pool has)
     * @return a batch solver that takes θ of shape {@code [N, n]} and returns the solutions, of the same shape, on
     *     θ's device with θ's data type; its {@link BatchSolver#solve} throws a {@link SolverException} if θ does
     *     not have rank 2, if the call runs past the request's time limit, or, naming the instance, if the solver
     *     throws or returns a solution of another shape, with non-finite values or outside the request's
     *     {@link SolutionDomain}
     */
    public static BatchSolver doubleVector(InstanceSolver<double[]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 1, true,
                (host, offset, shape, scratch) -> {
                    double[] theta = scratch.doubles(shape[0]);
                    System.arraycopy(host.doubles, offset, theta, 0, shape[0]);
                    return theta;
                },
                solver);
    }

    /**
     * A solver of one instance given as {@code float[rows][cols]}: θ, of shape {@code [N, rows, cols]}, is
     * copied to the host as {@code float} values, one {@code float[rows][cols]} per instance.
     *
     * @param solver the solver of one instance, given its θ as {@code float[rows][cols]}
     * @param identity the layer and solver method, named in every error
     * @param threads the most threads that solve the instances of one call: 0 for as many as the shared
     *     pool has ({@link #sharedThreads()}), 1 to solve in order on the calling thread, n for at
     *     most n (never more than the pool has)
     * @return a batch solver that takes θ of shape {@code [N, rows, cols]} and returns the solutions, of the same
     *     shape, on θ's device with θ's data type; its {@link BatchSolver#solve} throws a {@link SolverException} if θ
     *     does not have rank 3, if the call runs past the request's time limit, or, naming the instance, if the
     *     solver throws or returns a solution of another shape, with non-finite values or outside the request's
     *     {@link SolutionDomain}
     */
    public static BatchSolver floatMatrix(InstanceSolver<float[][]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 2, false,
                (host, offset, shape, scratch) -> {
                    float[][] theta = scratch.floatRows(shape[0], shape[1]);
                    for (int r = 0; r < shape[0]; r++) {
                        System.arraycopy(host.floats, offset + r * shape[1], theta[r], 0, shape[1]);
                    }
                    return theta;
                },
                solver);
    }

    /**
     * A solver of one instance given as {@code double[rows][cols]}: θ, of shape {@code [N, rows, cols]}, is
     * copied to the host as {@code double} values, one {@code double[rows][cols]} per instance.
     *
     * @param solver the solver of one instance, given its θ as {@code double[rows][cols]}
     * @param identity the layer and solver method, named in every error
     * @param threads the most threads that solve the instances of one call: 0 for as many as the shared
     *     pool has ({@link #sharedThreads()}), 1 to solve in order on the calling thread, n for at
     *     most n (never more than the pool has)
     * @return a batch solver that takes θ of shape {@code [N, rows, cols]} and returns the solutions, of the same
     *     shape, on θ's device with θ's data type; its {@link BatchSolver#solve} throws a {@link SolverException} if θ
     *     does not have rank 3, if the call runs past the request's time limit, or, naming the instance, if the
     *     solver throws or returns a solution of another shape, with non-finite values or outside the request's
     *     {@link SolutionDomain}
     */
    public static BatchSolver doubleMatrix(InstanceSolver<double[][]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 2, true,
                (host, offset, shape, scratch) -> {
                    double[][] theta = scratch.doubleRows(shape[0], shape[1]);
                    for (int r = 0; r < shape[0]; r++) {
                        System.arraycopy(host.doubles, offset + r * shape[1], theta[r], 0, shape[1]);
                    }
                    return theta;
                },
                solver);
    }

    /**
     * The same plain-Java solver with its calls solved by {@code executor}, as a layer whose builder selected that
     * executor uses it.
     *
     * @param solver a solver made by this class ({@link #floatVector} and the others)
     * @param executor where the instances are solved; {@link SolverExecutor#local()} returns {@code solver} itself
     * @return the solver on {@code executor}
     * @throws IllegalArgumentException naming the layer and the solver method if {@code solver} is a batch
     *     ({@code NDArray}) solver, which cannot leave the calling thread, or if {@code executor} refuses the solver
     *     (e.g. because it cannot be serialised)
     */
    public static BatchSolver onExecutor(BatchSolver solver, SolverExecutor executor) {
        if (!(solver instanceof HostBatchSolver<?> host)) {
            throw new IllegalArgumentException("the solver executor '" + executor.name() + "' solves plain-Java "
                    + "solvers only; a batch (NDArray) solver runs on the calling thread, so keep the local executor");
        }
        if (executor == SolverExecutor.local()) {
            return host.executor == null ? host : host.on(null);
        }
        executor.check(host.identity, host.solver);
        return host.on(executor);
    }

    /**
     * Whether {@code solver} is a plain-Java solver made by this class, whose calls an executor can take.
     *
     * @param solver a layer's solver
     * @return true if {@link #onExecutor} accepts it
     */
    public static boolean isPlainJava(BatchSolver solver) {
        return solver instanceof HostBatchSolver<?>;
    }

    @FunctionalInterface
    private interface InstanceView<T> {
        T view(BatchBuffers host, int offset, int[] eventShape, InstanceScratch scratch);
    }

    /**
     * A calling thread's host copy of a batch: θ, the extra inputs and the solutions, kept from call to call so that
     * a training step allocates nothing on the Java heap for them (collections between a step's forward and backward
     * pass are what expose DJL's freed number operands, see {@code Scalars}). Each array holds the largest batch the
     * thread has solved. A solver that runs another layer's solver on the same thread gets fresh buffers.
     */
    private static final class BatchBuffers {
        private static final ThreadLocal<BatchBuffers> CACHED = ThreadLocal.withInitial(BatchBuffers::new);

        private float[] floats = new float[0];
        private double[] doubles = new double[0];
        private float[] solutions = new float[0];
        private int[] ones = new int[0];
        private final HostInputs inputs = new HostInputs();
        private boolean busy;

        static BatchBuffers acquire() {
            BatchBuffers buffers = CACHED.get();
            if (buffers.busy) {
                return new BatchBuffers();
            }
            buffers.busy = true;
            return buffers;
        }

        void release() {
            busy = false;
        }

        /** Leaves these buffers to a solver that was given up: this thread's next call allocates its own. */
        void abandon() {
            if (CACHED.get() == this) {
                CACHED.remove();
            }
        }

        /** Copies θ {@code [N, …]} to {@link #floats} or {@link #doubles}, in the given element type. */
        void copyThetas(NDArray thetas, int size, boolean asDoubles) {
            if (size == 0) {
                return;
            }
            DataType wanted = asDoubles ? DataType.FLOAT64 : DataType.FLOAT32;
            if (thetas.getDataType() == wanted) {
                copy(thetas, size, asDoubles);
                return;
            }
            try (NDArray converted = thetas.toType(wanted, false)) {
                copy(converted, size, asDoubles);
            }
        }

        private void copy(NDArray thetas, int size, boolean asDoubles) {
            ByteBuffer data = thetas.toByteBuffer(true);
            if (asDoubles) {
                if (doubles.length < size) {
                    doubles = new double[size];
                }
                data.asDoubleBuffer().get(doubles, 0, size);
            } else {
                if (floats.length < size) {
                    floats = new float[size];
                }
                data.asFloatBuffer().get(floats, 0, size);
            }
        }

        float[] solutions(int size) {
            if (solutions.length < size) {
                solutions = new float[size];
            }
            return solutions;
        }

        /** Room for the number of ones in each of {@code count} solutions, for the structure check. */
        int[] ones(int count) {
            if (ones.length < count) {
                ones = new int[count];
            }
            return ones;
        }
    }

    /**
     * A solving thread's θ of one instance and its {@link Instance}, reused from instance to instance: the solver
     * owns them only for the duration of its call.
     */
    private static final class InstanceScratch {
        private static final ThreadLocal<InstanceScratch> CACHED = ThreadLocal.withInitial(InstanceScratch::new);

        private float[] floats = new float[0];
        private double[] doubles = new double[0];
        private float[][] floatRows = new float[0][];
        private double[][] doubleRows = new double[0][];
        private final Instance instance = new Instance();
        private boolean busy;

        static InstanceScratch acquire() {
            InstanceScratch scratch = CACHED.get();
            if (scratch.busy) {
                return new InstanceScratch();
            }
            scratch.busy = true;
            return scratch;
        }

        void release() {
            busy = false;
        }

        float[] floats(int n) {
            if (floats.length != n) {
                floats = new float[n];
            }
            return floats;
        }

        double[] doubles(int n) {
            if (doubles.length != n) {
                doubles = new double[n];
            }
            return doubles;
        }

        float[][] floatRows(int rows, int cols) {
            if (floatRows.length != rows || rows > 0 && floatRows[0].length != cols) {
                floatRows = new float[rows][cols];
            }
            return floatRows;
        }

        double[][] doubleRows(int rows, int cols) {
            if (doubleRows.length != rows || rows > 0 && doubleRows[0].length != cols) {
                doubleRows = new double[rows][cols];
            }
            return doubleRows;
        }

        Instance instance(int index, int example, HostInputs inputs) {
            return instance.at(index, example, inputs);
        }
    }

    private static final class HostBatchSolver<T> implements BatchSolver {
        private final SolverIdentity identity;
        private final int threads;
        private final int rank;
        private final boolean doubles;
        private final InstanceView<T> view;
        private final InstanceSolver<T> solver;
        /** Where the instances are solved other than the local pool, or null for the local pool. */
        private final SolverExecutor executor;
        private final LongAdder threadNanos = new LongAdder();
        /**
         * Solving time per element of θ in the last call, in nanoseconds, or negative before the first: the expected
         * work of the next call, so that a call too small for the pool is solved on the calling thread.
         */
        private volatile double nanosPerElement = -1;

        HostBatchSolver(SolverIdentity identity, int threads, int rank, boolean doubles, InstanceView<T> view,
                InstanceSolver<T> solver) {
            this(identity, threads, rank, doubles, view, solver, null);
        }

        private HostBatchSolver(SolverIdentity identity, int threads, int rank, boolean doubles,
                InstanceView<T> view, InstanceSolver<T> solver, SolverExecutor executor) {
            this.identity = identity;
            this.threads = threads;
            this.rank = rank;
            this.doubles = doubles;
            this.view = view;
            this.solver = solver;
            this.executor = executor;
        }

        /** This solver on {@code other}, or on the local pool when null. */
        HostBatchSolver<T> on(SolverExecutor other) {
            return new HostBatchSolver<>(identity, threads, rank, doubles, view, solver, other);
        }

        @Override
        public boolean checksSolutions() {
            return true;
        }

        @Override
        public boolean keepsThetaIntact() {
            return true;
        }

        @Override
        public long threadNanos() {
            return threadNanos.sum();
        }

        @Override
        public NDArray solve(SolveRequest request) {
            NDArray thetas = request.thetas();
            Shape shape = thetas.getShape();
            if (shape.dimension() != rank + 1) {
                throw identity.failure("the solver takes " + (rank == 1 ? "a vector" : "a matrix")
                        + " per instance, so θ must have rank " + (rank + 1) + " [N, …], but it has shape "
                        + shape, null);
            }
            int count = Math.toIntExact(shape.get(0));
            int[] eventShape = new int[rank];
            for (int d = 0; d < rank; d++) {
                eventShape[d] = Math.toIntExact(shape.get(d + 1));
            }
            int total = Math.toIntExact(shape.size());
            int size = total / Math.max(count, 1);
            BatchBuffers host = BatchBuffers.acquire();
            try {
                host.copyThetas(thetas, total, doubles);
                HostInputs inputs = host.inputs.fill(request.inputs());
                int repeats = request.repeats();
                float[] out = host.solutions(total);
                SolutionDomain domain = request.domain();
                int[] ones = domain.checked() ? host.ones(count) : null;
                SolverPool.InstanceWork<Object> work = new SolverPool.InstanceWork<Object>() {
                    @Override
                    public Object solve(int i) {
                        InstanceScratch scratch = InstanceScratch.acquire();
                        try {
                            T theta = view.view(host, i * size, eventShape, scratch);
                            int number = request.instanceIndex(i);
                            return solver.solve(theta, scratch.instance(number, number / repeats, inputs));
                        } catch (VirtualMachineError e) {
                            throw e;
                        } catch (Instance.BadInputException e) {
                            throw identity.failure(e.getMessage(), request.instanceIndex(i), repeats, null);
                        } catch (InterruptedException e) {
                            // Keeps the interrupt visible: on the calling thread it stops the whole call.
                            Thread.currentThread().interrupt();
                            throw identity.failure("solver threw " + e, request.instanceIndex(i), repeats, e);
                        } catch (Throwable e) {
                            throw identity.failure("solver threw " + e, request.instanceIndex(i), repeats, e);
                        } finally {
                            scratch.release();
                        }
                    }

                    @Override
                    public void publish(int i, Object solution) {
                        String problem = SolutionWriter.write(solution, eventShape, out, i * size);
                        if (problem == null && ones != null) {
                            ones[i] = domain.check(out, i * size, size, eventShape[rank - 1]);
                            if (ones[i] == SolutionDomain.BROKEN) {
                                problem = domain.describe(out, i * size, size, eventShape[rank - 1]);
                            }
                        }
                        if (problem != null) {
                            throw identity.failure(problem, request.instanceIndex(i), repeats, null);
                        }
                    }
                };
                long busy;
                if (executor != null) {
                    busy = solveOnExecutor(request, host, inputs, eventShape, count, size, work);
                } else {
                    try {
                        double perElement = nanosPerElement;
                        long expected = perElement < 0 ? -1 : (long) (perElement * total);
                        busy = SolverPool.forEach(count, threads, request.timeoutMillis() * 1_000_000L, expected,
                                work);
                    } catch (SolverPool.Stopped stopped) {
                        // A solver given up may still read these buffers: the next call on this thread gets new ones.
                        host.abandon();
                        throw stopped.toFailure(identity, request);
                    }
                }
                threadNanos.add(busy);
                if (total > 0) {
                    nanosPerElement = busy / (double) total;
                }
                if (ones != null) {
                    SolutionDomain.Violation mismatch = domain.countMismatch(ones, count, request.countGroup());
                    if (mismatch != null) {
                        throw identity.failure(mismatch.problem(), request.instanceIndex(mismatch.instance()),
                                repeats, null);
                    }
                }
                NDArray solutions = toDevice(thetas, shape, out, total);
                return thetas.getDataType() == DataType.FLOAT32
                        ? solutions
                        : solutions.toType(thetas.getDataType(), false);
            } finally {
                host.release();
            }
        }

        /**
         * Cuts the call into contiguous shards, has the executor solve them, and publishes their solutions in order
         * on the calling thread, so that the failure reported is the lowest failing instance's, as on the local pool.
         *
         * @return the time spent solving, summed over the shards, in nanoseconds
         */
        private long solveOnExecutor(SolveRequest request, BatchBuffers host, HostInputs inputs, int[] eventShape,
                int count, int size, SolverPool.InstanceWork<Object> work) {
            if (count == 0) {
                return 0;
            }
            int shardCount = Math.max(1, Math.min(count, executor.shards(count)));
            int inputCount = request.inputs().size();
            double[][] inputValues = inputs.exactValues(inputCount);
            int[] inputWidths = inputs.exactWidths(inputCount);
            int repeats = request.repeats();
            List<SolverShard> shards = new ArrayList<>(shardCount);
            int[] starts = new int[shardCount + 1];
            for (int s = 0; s < shardCount; s++) {
                int from = (int) ((long) s * count / shardCount);
                int to = (int) ((long) (s + 1) * count / shardCount);
                starts[s] = from;
                int[] numbers = new int[to - from];
                for (int i = from; i < to; i++) {
                    numbers[i - from] = request.instanceIndex(i);
                }
                shards.add(new SolverShard(identity, solver, eventShape,
                        doubles ? null : Arrays.copyOfRange(host.floats, from * size, to * size),
                        doubles ? Arrays.copyOfRange(host.doubles, from * size, to * size) : null,
                        numbers, repeats, inputValues, inputWidths));
            }
            starts[shardCount] = count;
            List<ShardResult> results = executor.solve(identity, shards, request.timeoutMillis() * 1_000_000L);
            if (results.size() != shardCount) {
                throw identity.failure("the solver executor '" + executor.name() + "' returned " + results.size()
                        + " results for " + shardCount + " shards", null);
            }
            long busy = 0;
            for (int s = 0; s < shardCount; s++) {
                ShardResult result = results.get(s);
                if (result.rows() != starts[s + 1] - starts[s]) {
                    throw identity.failure("the solver executor '" + executor.name() + "' returned "
                            + result.rows() + " solutions for a shard of " + (starts[s + 1] - starts[s])
                            + " instances", null);
                }
                for (int row = 0; row < result.solvedRows(); row++) {
                    work.publish(starts[s] + row, result.solution(row));
                }
                if (result.failed()) {
                    throw identity.failure(result.failure() + " (on " + result.member() + ")",
                            request.instanceIndex(starts[s] + result.failedRow()), repeats, result.cause());
                }
                busy += result.nanos();
            }
            return busy;
        }

        /**
         * The solutions as an array in engine-owned memory: on the CPU, written straight into a new array's memory;
         * elsewhere copied over by the engine.
         */
        private static NDArray toDevice(NDArray thetas, Shape shape, float[] out, int total) {
            NDManager manager = thetas.getManager();
            if (!manager.getDevice().equals(Device.cpu())) {
                return manager.create(FloatBuffer.wrap(out, 0, total), shape, DataType.FLOAT32);
            }
            NDArray solutions = manager.create(shape, DataType.FLOAT32);
            if (total > 0) {
                solutions.toByteBuffer(true).asFloatBuffer().put(out, 0, total);
            }
            return solutions;
        }
    }
}

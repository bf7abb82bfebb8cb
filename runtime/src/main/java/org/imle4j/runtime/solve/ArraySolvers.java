package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Adapts plain-Java solvers, which solve one instance held in a Java array, to {@link BatchSolver}.
 *
 * <p>A batch is copied to the host once, its instances are solved on the {@link SolverPool}, and the solutions are
 * copied back to θ's device once, with θ's data type. Every solution is checked as it is written: shape, finite
 * values, and the request's {@link SolutionDomain}.
 */
public final class ArraySolvers {
    private ArraySolvers() {}

    /** A solver of one instance given as {@code float[]}; θ must have shape {@code [N, n]}. */
    public static BatchSolver floatVector(InstanceSolver<float[]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 1, false,
                (host, offset, shape) -> Arrays.copyOfRange(host.floats, offset, offset + shape[0]),
                solver);
    }

    /** A solver of one instance given as {@code double[]}; θ must have shape {@code [N, n]}. */
    public static BatchSolver doubleVector(InstanceSolver<double[]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 1, true,
                (host, offset, shape) -> Arrays.copyOfRange(host.doubles, offset, offset + shape[0]),
                solver);
    }

    /** A solver of one instance given as {@code float[rows][cols]}; θ must have shape {@code [N, rows, cols]}. */
    public static BatchSolver floatMatrix(InstanceSolver<float[][]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 2, false,
                (host, offset, shape) -> {
                    float[][] theta = new float[shape[0]][];
                    for (int r = 0; r < shape[0]; r++) {
                        int from = offset + r * shape[1];
                        theta[r] = Arrays.copyOfRange(host.floats, from, from + shape[1]);
                    }
                    return theta;
                },
                solver);
    }

    /** A solver of one instance given as {@code double[rows][cols]}; θ must have shape {@code [N, rows, cols]}. */
    public static BatchSolver doubleMatrix(InstanceSolver<double[][]> solver, SolverIdentity identity, int threads) {
        return new HostBatchSolver<>(identity, threads, 2, true,
                (host, offset, shape) -> {
                    double[][] theta = new double[shape[0]][];
                    for (int r = 0; r < shape[0]; r++) {
                        int from = offset + r * shape[1];
                        theta[r] = Arrays.copyOfRange(host.doubles, from, from + shape[1]);
                    }
                    return theta;
                },
                solver);
    }

    /** θ of a whole batch on the host, in the element type the solver takes. */
    private record HostThetas(float[] floats, double[] doubles) {}

    @FunctionalInterface
    private interface InstanceView<T> {
        T view(HostThetas host, int offset, int[] eventShape);
    }

    private static final class HostBatchSolver<T> implements BatchSolver {
        private final SolverIdentity identity;
        private final int threads;
        private final int rank;
        private final boolean doubles;
        private final InstanceView<T> view;
        private final InstanceSolver<T> solver;
        private final LongAdder threadNanos = new LongAdder();

        HostBatchSolver(SolverIdentity identity, int threads, int rank, boolean doubles, InstanceView<T> view,
                InstanceSolver<T> solver) {
            this.identity = identity;
            this.threads = threads;
            this.rank = rank;
            this.doubles = doubles;
            this.view = view;
            this.solver = solver;
        }

        @Override
        public boolean checksSolutions() {
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
            int size = Math.toIntExact(shape.size() / Math.max(count, 1));
            HostThetas host = copyToHost(thetas);
            HostInputs inputs = HostInputs.copy(request.inputs());
            int repeats = request.repeats();
            float[] out = new float[count * size];
            SolutionDomain domain = request.domain();
            int[] ones = domain.checked() ? new int[count] : null;
            long busy = SolverPool.forEach(count, threads, i -> {
                T theta = view.view(host, i * size, eventShape);
                Object solution;
                try {
                    solution = solver.solve(theta, new Instance(i, i / repeats, inputs));
                } catch (Instance.BadInputException e) {
                    throw identity.failure(e.getMessage(), i, repeats, null);
                } catch (Exception | LinkageError | AssertionError e) {
                    throw identity.failure("solver threw " + e, i, repeats, e);
                }
                String problem = SolutionWriter.write(solution, eventShape, out, i * size);
                if (problem == null && ones != null) {
                    ones[i] = domain.check(out, i * size, size, eventShape[rank - 1]);
                    if (ones[i] == SolutionDomain.BROKEN) {
                        problem = domain.describe(out, i * size, size, eventShape[rank - 1]);
                    }
                }
                if (problem != null) {
                    throw identity.failure(problem, i, repeats, null);
                }
            });
            threadNanos.add(busy);
            if (ones != null) {
                SolutionDomain.Violation mismatch = domain.countMismatch(ones, request.countGroup());
                if (mismatch != null) {
                    throw identity.failure(mismatch.problem(), mismatch.instance(), repeats, null);
                }
            }
            NDArray solutions = thetas.getManager().create(out, shape);
            return thetas.getDataType() == DataType.FLOAT32
                    ? solutions
                    : solutions.toType(thetas.getDataType(), false);
        }

        private HostThetas copyToHost(NDArray thetas) {
            DataType wanted = doubles ? DataType.FLOAT64 : DataType.FLOAT32;
            if (thetas.getDataType() == wanted) {
                return doubles
                        ? new HostThetas(null, thetas.toDoubleArray())
                        : new HostThetas(thetas.toFloatArray(), null);
            }
            try (NDArray converted = thetas.toType(wanted, false)) {
                return doubles
                        ? new HostThetas(null, converted.toDoubleArray())
                        : new HostThetas(converted.toFloatArray(), null);
            }
        }
    }
}

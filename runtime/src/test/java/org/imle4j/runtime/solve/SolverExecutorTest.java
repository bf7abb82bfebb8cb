package org.imle4j.runtime.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.junit.jupiter.api.Test;

/**
 * A call cut into shards, each sent through Java serialisation as an executor that solves elsewhere sends it, gives
 * the same solutions and the same failures as the local pool.
 */
class SolverExecutorTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = new SolverIdentity("TestLayer", "Test#solve");

    /** Solves every shard after a round trip through serialisation, on the calling thread, as "member m". */
    private static class Serialising implements SolverExecutor {
        private final int shards;
        private final List<Integer> sizes = new ArrayList<>();

        Serialising(int shards) {
            this.shards = shards;
        }

        @Override
        public String name() {
            return "serialising";
        }

        @Override
        public int shards(int instances) {
            return shards;
        }

        @Override
        public void check(SolverIdentity identity, InstanceSolver<?> solver) {
            SolverShard.requireSerializable(identity, solver, name());
        }

        @Override
        public List<ShardResult> solve(SolverIdentity identity, List<SolverShard> shards, long timeoutNanos) {
            List<ShardResult> results = new ArrayList<>();
            for (int s = 0; s < shards.size(); s++) {
                sizes.add(shards.get(s).size());
                results.add(roundTrip(roundTrip(shards.get(s)).solve("member " + s)));
            }
            return results;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** θ scaled by the example's weight, plus the instance's number: shows the row, the input and the number. */
    private static InstanceSolver<double[][]> weighted() {
        return (theta, instance) -> {
            double[][] solution = new double[theta.length][];
            for (int r = 0; r < theta.length; r++) {
                solution[r] = new double[theta[r].length];
                for (int c = 0; c < theta[r].length; c++) {
                    solution[r][c] = theta[r][c] * instance.doubleInput(0) + instance.index();
                }
            }
            return solution;
        };
    }

    @Test
    void shardsSentElsewhereGiveTheLocalPoolsSolutions() throws Exception {
        NDArray thetas = manager.randomNormal(new Shape(10, 3, 4)).toType(DataType.FLOAT64, false);
        NDList inputs = new NDList(manager.create(new double[] {1, -2, 0.5, 3, 7}));
        BatchSolver local = ArraySolvers.doubleMatrix(weighted(), IDENTITY, 0);
        for (int shards : new int[] {1, 3, 10, 25}) {
            Serialising executor = new Serialising(shards);
            BatchSolver remote = ArraySolvers.onExecutor(local, executor);
            NDArray expected = local.solve(new SolveRequest(thetas, inputs, 2));
            NDArray actual = remote.solve(new SolveRequest(thetas, inputs, 2));
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0, shards + " shards");
            assertEquals(Math.min(shards, 10), executor.sizes.size());
            assertEquals(10, executor.sizes.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void theLowestFailingInstanceIsReportedNamingTheMember() {
        NDArray thetas = manager.arange(24f).reshape(6, 4);
        BatchSolver local = ArraySolvers.floatVector((theta, instance) -> {
            if (instance.index() == 2 || instance.index() == 4) {
                throw new IllegalStateException("no solution for " + instance.index());
            }
            return theta;
        }, IDENTITY, 0);
        BatchSolver remote = ArraySolvers.onExecutor(local, new Serialising(3));
        SolverException failure = assertThrows(SolverException.class,
                () -> remote.solve(new SolveRequest(thetas, new NDList(), 1)));
        assertEquals(2, failure.getInstance());
        assertEquals("TestLayer (solver Test#solve), instance 2: solver threw java.lang.IllegalStateException: no "
                + "solution for 2 (on member 1)", failure.getMessage());
        RemoteFailure cause = (RemoteFailure) failure.getCause();
        assertEquals(IllegalStateException.class.getName(), cause.originalClass());
        assertTrue(cause.getStackTrace().length > 0);
    }

    @Test
    void aSolutionOfTheWrongShapeIsCaughtWhereTheLayerRuns() {
        NDArray thetas = manager.zeros(new Shape(4, 3));
        BatchSolver remote = ArraySolvers.onExecutor(
                ArraySolvers.floatVector((theta, instance) -> new float[instance.index() == 3 ? 2 : 3], IDENTITY, 0),
                new Serialising(2));
        SolverException failure = assertThrows(SolverException.class,
                () -> remote.solve(new SolveRequest(thetas, new NDList(), 1)));
        assertEquals(3, failure.getInstance());
        assertTrue(failure.getMessage().contains("solver returned 2 values, expected 3"), failure.getMessage());
    }

    @Test
    void aSolverThatCannotBeSerialisedIsRefusedNamingLayerAndMethod() {
        Object owner = new Object();
        BatchSolver local = ArraySolvers.floatVector((theta, instance) -> owner.hashCode() == 0 ? theta : theta,
                IDENTITY, 0);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> ArraySolvers.onExecutor(local, new Serialising(2)));
        assertTrue(failure.getMessage().startsWith("TestLayer (solver Test#solve): the 'serialising' solver executor"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("NotSerializableException: java.lang.Object"), failure.getMessage());
        assertSame(local, ArraySolvers.onExecutor(local, SolverExecutor.local()));
    }

    @Test
    void aBatchSolverCannotLeaveTheCallingThread() {
        BatchSolver batch = request -> request.thetas();
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> ArraySolvers.onExecutor(batch, new Serialising(2)));
        assertTrue(failure.getMessage().contains("solves plain-Java solvers only"), failure.getMessage());
    }

    @Test
    void aLayerBuiltOnAnExecutorSolvesThereAndRefusesABatchSolverNamingItself() {
        NDArray thetas = manager.arange(12f).reshape(3, 4);
        Serialising executor = new Serialising(2);
        BatchSolver plain = ArraySolvers.floatVector((theta, instance) -> theta, TestLayer.IDENTITY, 0);
        NDArray solutions = TestLayer.imle(plain).optSolverExecutor(executor).build()
                .forward(new ParameterStore(manager, false), new NDList(thetas), false).singletonOrThrow();
        assertArrayEquals(thetas.toFloatArray(), solutions.toFloatArray());
        assertEquals(List.of(1, 2), executor.sizes);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> TestLayer.imle(request -> request.thetas()).optSolverExecutor(executor).build());
        assertTrue(failure.getMessage().startsWith(TestLayer.IDENTITY.describe() + ": the solver executor "
                + "'serialising' solves plain-Java solvers only"), failure.getMessage());
    }

    @Test
    void theLocalExecutorSolvesShardsOnThePool() throws Exception {
        NDArray thetas = manager.arange(12f).reshape(3, 4);
        BatchSolver remote = ArraySolvers.onExecutor(ArraySolvers.floatVector((theta, instance) -> theta, IDENTITY, 0),
                new Serialising(3) {
                    @Override
                    public List<ShardResult> solve(SolverIdentity identity, List<SolverShard> shards, long nanos) {
                        return SolverExecutor.local().solve(identity, shards, nanos);
                    }
                });
        assertArrayEquals(thetas.toFloatArray(), remote.solve(new SolveRequest(thetas, new NDList(), 1))
                .toFloatArray());
    }

    @Test
    void anUnknownConfiguredExecutorIsAClearError() {
        String before = System.getProperty(SolverExecutor.PROPERTY);
        System.setProperty(SolverExecutor.PROPERTY, "nowhere");
        try {
            IllegalStateException failure = assertThrows(IllegalStateException.class, SolverExecutor::configured);
            assertTrue(failure.getMessage().contains("names the solver executor 'nowhere'"), failure.getMessage());
            System.setProperty(SolverExecutor.PROPERTY, "local");
            assertSame(SolverExecutor.local(), SolverExecutor.configured());
        } finally {
            if (before == null) {
                System.clearProperty(SolverExecutor.PROPERTY);
            } else {
                System.setProperty(SolverExecutor.PROPERTY, before);
            }
        }
    }
}

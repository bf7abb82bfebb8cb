package org.imle4j.ortools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.imle4j.runtime.solve.InstanceSolver;
import org.imle4j.runtime.solve.ShardResult;
import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solve.SolverShard;
import org.junit.jupiter.api.Test;

/**
 * The solvers cross the wire as their configuration (a layer over them can solve on a cluster's members): a copy
 * solves as the original does, with the same time limit, workers, policy and CP-SAT parameters.
 */
class SerialisationTest {

    @SuppressWarnings("unchecked")
    private static <T> T copy(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void aTourSolverCopyKeepsItsParametersAndPolicy() throws Exception {
        int nodes = 15;
        // The first solution is returned, not proven optimal, and counted: only if the copy keeps the parameter and
        // the policy does it return the original's tour and count it too.
        TravellingSalesperson original = TravellingSalesperson.builder().setNodes(nodes)
                .optNotProvenOptimal(TravellingSalesperson.NotProvenOptimal.RETURN_BEST_TOUR)
                .optParameters(settings -> settings.setStopAfterFirstSolution(true)).build();
        TravellingSalesperson copy = copy(original);
        assertNotSame(original, copy);
        float[] costs = TravellingSalespersonTest.randomCosts(new Random(2), nodes, 0f);
        assertArrayEquals(original.tour(costs), copy.tour(costs));
        assertEquals(1, original.unprovenTours());
        assertEquals(1, copy.unprovenTours());
    }

    @Test
    void knapsackSolverCopiesSolveAsTheOriginals() throws Exception {
        Random random = new Random(4);
        int n = 12;
        float[] values = new float[n];
        int[][] weights = new int[2][n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
            weights[0][i] = 1 + random.nextInt(9);
            weights[1][i] = 1 + random.nextInt(9);
        }
        int[] capacities = {20, 25};
        KnapsackMip mip = new KnapsackMip(60_000);
        KnapsackCpSat cpSat = new KnapsackCpSat(60_000);
        assertArrayEquals(mip.select(values, weights, capacities), copy(mip).select(values, weights, capacities));
        assertArrayEquals(cpSat.select(values, weights, capacities),
                copy(cpSat).select(values, weights, capacities));
    }

    @Test
    void aTourLayerSolvesThroughSerialisedShardsAsOnTheLocalPool() throws Exception {
        int nodes = 7;
        int batch = 6;
        TravellingSalesperson solver = TravellingSalesperson.builder().setNodes(nodes).build();
        Random random = new Random(8);
        float[][] costs = new float[batch][];
        for (int b = 0; b < batch; b++) {
            costs[b] = TravellingSalespersonTest.randomCosts(random, nodes, -3f);
        }
        float[] local = tours(TravellingSalespersonLayer.builder().setSolver(solver).build(), costs);
        Loopback loopback = new Loopback();
        float[] shipped = tours(TravellingSalespersonLayer.builder().setSolver(solver).optSolverExecutor(loopback)
                .build(), costs);
        assertArrayEquals(local, shipped);
        assertEquals(3, loopback.shipped);
    }

    private static float[] tours(TravellingSalespersonLayer layer, float[][] costs) {
        try (NDManager manager = NDManager.newBaseManager()) {
            layer.initialize(manager, DataType.FLOAT32, new Shape(costs.length, costs[0].length));
            return layer.forward(new ParameterStore(manager, false), new NDList(manager.create(costs)), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    /** An executor that sends every shard through Java serialisation and solves the copy, as a member would. */
    private static final class Loopback implements SolverExecutor {
        private int shipped;

        @Override
        public String name() {
            return "loopback";
        }

        @Override
        public int shards(int instances) {
            return Math.min(3, instances);
        }

        @Override
        public void check(SolverIdentity identity, InstanceSolver<?> solver) {
            SolverShard.requireSerializable(identity, solver, name());
        }

        @Override
        public List<ShardResult> solve(SolverIdentity identity, List<SolverShard> shards, long timeoutNanos) {
            List<ShardResult> results = new ArrayList<>();
            for (SolverShard shard : shards) {
                try {
                    results.add(copy(copy(shard).solve("loopback")));
                } catch (IOException | ClassNotFoundException e) {
                    throw new AssertionError("shard " + shard.firstInstance() + " did not cross the wire", e);
                }
                shipped++;
            }
            return results;
        }
    }
}

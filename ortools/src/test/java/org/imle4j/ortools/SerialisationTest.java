package org.imle4j.ortools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
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
}

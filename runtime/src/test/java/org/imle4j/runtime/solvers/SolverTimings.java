package org.imle4j.runtime.solvers;

import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * Rough time per call of every solver on typical sizes, printed in microseconds. A quick look for developers, run
 * by hand ({@code java -cp target/classes:target/test-classes org.imle4j.runtime.solvers.SolverTimings}); it is not
 * a test and not a benchmark: use JMH for numbers worth comparing.
 */
public final class SolverTimings {
    private static final int INSTANCES = 64;
    private static final long WARM_UP_NANOS = 500_000_000L;
    private static final long MEASURE_NANOS = 1_000_000_000L;

    /** Keeps the JIT from discarding solver results. */
    private static long sink;

    private SolverTimings() {
    }

    public static void main(String[] args) {
        Random random = new Random(1);

        float[][] topKScores = vectors(random, INSTANCES, 256);
        time("TopK n=256 k=16", i -> TopK.indicator(topKScores[i], 16)[0]);

        float[][] argmaxScores = vectors(random, INSTANCES, 256);
        time("Argmax n=256", i -> Argmax.oneHot(argmaxScores[i])[0]);

        float[][][] grids12 = grids(random, INSTANCES, 12);
        time("GridShortestPath 12x12", i -> GridShortestPath.vertexWeighted(grids12[i])[11][11]);

        float[][][] grids30 = grids(random, INSTANCES, 30);
        time("GridShortestPath 30x30", i -> GridShortestPath.vertexWeighted(grids30[i])[29][29]);

        float[][] dagCosts = vectors(random, INSTANCES, GridDagShortestPath.arcCount(5, 5));
        time("GridDagShortestPath 5x5", i -> GridDagShortestPath.arcs(dagCosts[i], 5, 5)[0]);

        float[][] edgeWeights = vectors(random, INSTANCES, 10 * 9 / 2);
        time("SpanningTree 10 nodes", i -> SpanningTree.maximumWeight(edgeWeights[i], 10)[0]);

        float[][][] weights10 = grids(random, INSTANCES, 10);
        time("Assignment 10x10", i -> Assignment.maximumWeight(weights10[i])[0][0]);

        float[][][] weights50 = grids(random, INSTANCES, 50);
        time("Assignment 50x50", i -> Assignment.maximumWeight(weights50[i])[0][0]);

        float[][] values = vectors(random, INSTANCES, 20);
        int[] itemWeights = random.ints(20, 1, 21).toArray();
        time("Knapsack n=20 capacity=100", i -> Knapsack.select(values[i], itemWeights, 100)[0]);

        float[][] rankingScores = vectors(random, INSTANCES, 100);
        time("Ranking n=100", i -> Ranking.ranks(rankingScores[i])[0]);

        System.out.println("(checksum " + sink + ")");
    }

    /** Calls the solver on instance i, cycling through the instances, and prints the mean time per call. */
    private static void time(String label, IntUnaryOperator solveInstance) {
        runFor(WARM_UP_NANOS, solveInstance);
        long start = System.nanoTime();
        long calls = runFor(MEASURE_NANOS, solveInstance);
        double microsPerCall = (System.nanoTime() - start) / 1e3 / calls;
        System.out.printf("%-28s %9.2f us/call%n", label, microsPerCall);
    }

    private static long runFor(long nanos, IntUnaryOperator solveInstance) {
        long deadline = System.nanoTime() + nanos;
        long calls = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < INSTANCES; i++) {
                sink += solveInstance.applyAsInt(i);
            }
            calls += INSTANCES;
        }
        return calls;
    }

    private static float[][] vectors(Random random, int count, int length) {
        float[][] vectors = new float[count][length];
        for (float[] vector : vectors) {
            for (int i = 0; i < length; i++) {
                vector[i] = (float) random.nextGaussian();
            }
        }
        return vectors;
    }

    /** Square matrices with entries in [0, 10), like the cell costs of a Warcraft map. */
    private static float[][][] grids(Random random, int count, int size) {
        float[][][] grids = new float[count][size][size];
        for (float[][] grid : grids) {
            for (float[] row : grid) {
                for (int column = 0; column < size; column++) {
                    row[column] = random.nextFloat() * 10;
                }
            }
        }
        return grids;
    }
}

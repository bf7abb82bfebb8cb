package org.imle4j.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.imle4j.runtime.solvers.Argmax;
import org.imle4j.runtime.solvers.Assignment;
import org.imle4j.runtime.solvers.GridDagShortestPath;
import org.imle4j.runtime.solvers.GridShortestPath;
import org.imle4j.runtime.solvers.Knapsack;
import org.imle4j.runtime.solvers.Ranking;
import org.imle4j.runtime.solvers.SpanningTree;
import org.imle4j.runtime.solvers.TopK;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per call of each plain-Java solver of the runtime's library on typical sizes: one invocation solves
 * {@value #INSTANCES} random instances of fixed seed, so that the branch predictor cannot learn a single instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(SolverBenchmark.INSTANCES)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SolverBenchmark {
    static final int INSTANCES = 64;

    private static final int DAG_ROWS = 5;
    private static final int DAG_COLS = 5;
    private static final int TREE_NODES = 10;
    private static final int KNAPSACK_ITEMS = 20;
    private static final int KNAPSACK_CAPACITY = 100;

    private float[][] topKScores;
    private float[][] argmaxScores;
    private float[][][] grids12;
    private float[][][] grids30;
    private float[][] dagCosts;
    private float[][] edgeWeights;
    private float[][][] weights10;
    private float[][][] weights50;
    private float[][] values;
    private int[] itemWeights;
    private float[][] rankingScores;

    /** Draws every solver's instances from one generator of fixed seed. */
    @Setup(Level.Trial)
    public void drawInstances() {
        Random random = new Random(1);
        topKScores = vectors(random, 256);
        argmaxScores = vectors(random, 256);
        grids12 = grids(random, 12);
        grids30 = grids(random, 30);
        dagCosts = vectors(random, GridDagShortestPath.arcCount(DAG_ROWS, DAG_COLS));
        edgeWeights = vectors(random, TREE_NODES * (TREE_NODES - 1) / 2);
        weights10 = grids(random, 10);
        weights50 = grids(random, 50);
        values = vectors(random, KNAPSACK_ITEMS);
        itemWeights = random.ints(KNAPSACK_ITEMS, 1, 21).toArray();
        rankingScores = vectors(random, 100);
    }

    /**
     * Top-16 of 256 scores.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void topK256k16(Blackhole sink) {
        for (float[] scores : topKScores) {
            sink.consume(TopK.indicator(scores, 16));
        }
    }

    /**
     * Argmax of 256 scores.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void argmax256(Blackhole sink) {
        for (float[] scores : argmaxScores) {
            sink.consume(Argmax.oneHot(scores));
        }
    }

    /**
     * Dijkstra on a 12×12 vertex-weighted grid.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void gridShortestPath12x12(Blackhole sink) {
        for (float[][] grid : grids12) {
            sink.consume(GridShortestPath.vertexWeighted(grid));
        }
    }

    /**
     * Dijkstra on a 30×30 vertex-weighted grid.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void gridShortestPath30x30(Blackhole sink) {
        for (float[][] grid : grids30) {
            sink.consume(GridShortestPath.vertexWeighted(grid));
        }
    }

    /**
     * Shortest right/down path on a 5×5 grid DAG.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void gridDagShortestPath5x5(Blackhole sink) {
        for (float[] costs : dagCosts) {
            sink.consume(GridDagShortestPath.arcs(costs, DAG_ROWS, DAG_COLS));
        }
    }

    /**
     * Maximum-weight spanning tree of the complete graph on 10 nodes.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void spanningTree10(Blackhole sink) {
        for (float[] weights : edgeWeights) {
            sink.consume(SpanningTree.maximumWeight(weights, TREE_NODES));
        }
    }

    /**
     * Maximum-weight assignment of a 10×10 matrix.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void assignment10x10(Blackhole sink) {
        for (float[][] weights : weights10) {
            sink.consume(Assignment.maximumWeight(weights));
        }
    }

    /**
     * Maximum-weight assignment of a 50×50 matrix.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void assignment50x50(Blackhole sink) {
        for (float[][] weights : weights50) {
            sink.consume(Assignment.maximumWeight(weights));
        }
    }

    /**
     * 0/1 knapsack of 20 items of integer weights 1–20 under capacity 100.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void knapsack20(Blackhole sink) {
        for (float[] itemValues : values) {
            sink.consume(Knapsack.select(itemValues, itemWeights, KNAPSACK_CAPACITY));
        }
    }

    /**
     * Ranks of 100 scores.
     *
     * @param sink keeps the solutions alive
     */
    @Benchmark
    public void ranking100(Blackhole sink) {
        for (float[] scores : rankingScores) {
            sink.consume(Ranking.ranks(scores));
        }
    }

    private static float[][] vectors(Random random, int length) {
        float[][] vectors = new float[INSTANCES][length];
        for (float[] vector : vectors) {
            for (int i = 0; i < length; i++) {
                vector[i] = (float) random.nextGaussian();
            }
        }
        return vectors;
    }

    /** Square matrices with entries in [0, 10), like the cell costs of a Warcraft map. */
    private static float[][][] grids(Random random, int size) {
        float[][][] grids = new float[INSTANCES][size][size];
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

package org.imle4j.samples.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.imle4j.annotation.ImleLayer;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Structure;
import org.imle4j.ortools.TravellingSalesperson;

/**
 * Solvers that a layer can send to solver members: static methods whose configuration is a number, so that a shard
 * carries the method and the number, and each JVM builds its own OR-Tools solver.
 */
final class ClusterTsp {
    /** One CP-SAT tour solver per JVM and graph size; a solver serves many threads at once. */
    private static final Map<Integer, TravellingSalesperson> SOLVERS = new ConcurrentHashMap<>();

    private ClusterTsp() {}

    /** The cheapest tour of a complete graph on {@code nodes} nodes, by CP-SAT, as pyepo-tsp's layer solves it. */
    @ImleLayer(name = "ClusterTspLayer", objective = Objective.MINIMIZE, structure = Structure.BINARY)
    static int[] tour(float[] edgeCosts, int nodes) {
        return SOLVERS.computeIfAbsent(nodes, n -> TravellingSalesperson.builder().setNodes(n).build())
                .tour(edgeCosts);
    }

    /** The cheapest entry: next to no work, so that a call's time is the executor's own cost. */
    @ImleLayer(name = "ClusterArgminLayer", objective = Objective.MINIMIZE, structure = Structure.ONE_HOT)
    static int[] argmin(float[] costs) {
        int best = 0;
        for (int i = 1; i < costs.length; i++) {
            best = costs[i] < costs[best] ? i : best;
        }
        int[] solution = new int[costs.length];
        solution[best] = 1;
        return solution;
    }
}

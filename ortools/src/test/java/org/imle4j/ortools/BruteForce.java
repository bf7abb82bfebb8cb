package org.imle4j.ortools;

/** The cheapest tour by enumeration: every order of nodes 1 … n−1 after node 0, (n−1)! tours. */
final class BruteForce {
    private BruteForce() {
    }

    static double cheapest(float[] costs, int nodes) {
        int[] order = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            order[i] = i;
        }
        return cheapest(costs, nodes, order, 1);
    }

    /** The cheapest tour whose first {@code fixed} nodes are those of {@code order}. */
    private static double cheapest(float[] costs, int nodes, int[] order, int fixed) {
        if (fixed == nodes) {
            double total = 0;
            for (int k = 0; k < nodes; k++) {
                total += costs[TravellingSalesperson.edgeIndex(order[k], order[(k + 1) % nodes], nodes)];
            }
            return total;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = fixed; k < nodes; k++) {
            swap(order, fixed, k);
            best = Math.min(best, cheapest(costs, nodes, order, fixed + 1));
            swap(order, fixed, k);
        }
        return best;
    }

    private static void swap(int[] order, int a, int b) {
        int kept = order[a];
        order[a] = order[b];
        order[b] = kept;
    }
}

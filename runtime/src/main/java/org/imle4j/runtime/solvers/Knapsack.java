package org.imle4j.runtime.solvers;

import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/** The 0/1 knapsack problem with integer weights. */
public final class Knapsack {
    private Knapsack() {
    }

    /**
     * Items of maximum total value whose total weight fits the capacity, maximising ⟨z, values⟩ subject to
     * ⟨z, weights⟩ ≤ capacity.
     *
     * <p>Items with a value ≤ 0 are never selected, even when they weigh nothing. Dynamic programming over the
     * integer capacities 0 … capacity: O(n·capacity) time, and n·(capacity+1) flags of memory to recover the items.
     * Ties leave later items out: the last item is selected only if no optimal selection does without it, and so on
     * downwards with the capacity that remains.
     *
     * @param values the value of each of the n items; finite
     * @param weights the weight of each item, same length as {@code values}; each ≥ 0
     * @param capacity the largest total weight allowed, ≥ 0
     * @return z of length n with 1 on the selected items
     * @throws IllegalArgumentException if the lengths differ, a weight or the capacity is negative, or a value is NaN
     *     or infinite
     */
    @AimleLayer(name = "KnapsackLayer", structure = Structure.BINARY)
    public static int[] select(float[] values, int[] weights, int capacity) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(weights, "weights");
        int items = values.length;
        if (weights.length != items) {
            throw new IllegalArgumentException("weights has length " + weights.length + " but values has length "
                    + items + "; every item needs one value and one weight");
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity is " + capacity + " but must be at least 0");
        }
        for (int item = 0; item < items; item++) {
            if (!Float.isFinite(values[item])) {
                throw new IllegalArgumentException(
                        "values[" + item + "] is " + values[item] + "; values must be finite");
            }
            if (weights[item] < 0) {
                throw new IllegalArgumentException(
                        "weights[" + item + "] is " + weights[item] + " but weights must be at least 0");
            }
        }

        // bestValue[c] is the best value of the items seen so far within capacity c; it never decreases in c.
        double[] bestValue = new double[capacity + 1];
        boolean[][] taken = new boolean[items][];
        for (int item = 0; item < items; item++) {
            taken[item] = new boolean[capacity + 1];
            int weight = weights[item];
            // An item without positive value never strictly improves bestValue; skipping it states the rule.
            if (values[item] <= 0 || weight > capacity) {
                continue;
            }
            // Downwards, so that bestValue[c - weight] still excludes this item.
            for (int c = capacity; c >= weight; c--) {
                double withItem = bestValue[c - weight] + values[item];
                if (withItem > bestValue[c]) {
                    bestValue[c] = withItem;
                    taken[item][c] = true;
                }
            }
        }

        int[] z = new int[items];
        int remaining = capacity;
        for (int item = items - 1; item >= 0; item--) {
            if (taken[item][remaining]) {
                z[item] = 1;
                remaining -= weights[item];
            }
        }
        return z;
    }
}

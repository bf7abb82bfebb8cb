package org.imle4j.ortools;

import java.util.Objects;

/** Checks shared by the knapsack solvers. */
final class KnapsackData {
    private KnapsackData() {
    }

    /**
     * Checks that the arrays describe one multi-dimensional knapsack instance.
     *
     * @param values one value per item
     * @param weights one row of weights per dimension, each as long as {@code values}
     * @param capacities one capacity per dimension
     * @throws NullPointerException if an array or a row is null
     * @throws IllegalArgumentException if the lengths disagree, there is no dimension, or a value is not finite
     */
    static void check(float[] values, int[][] weights, int[] capacities) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(capacities, "capacities");
        if (weights.length == 0 || weights.length != capacities.length) {
            throw new IllegalArgumentException("weights has " + weights.length + " rows and capacities "
                    + capacities.length + " entries; each of the m ≥ 1 dimensions needs one row and one capacity");
        }
        for (int i = 0; i < weights.length; i++) {
            Objects.requireNonNull(weights[i], "weights[" + i + "]");
            if (weights[i].length != values.length) {
                throw new IllegalArgumentException("weights[" + i + "] has length " + weights[i].length
                        + " but values has length " + values.length + "; every item needs a weight in every dimension");
            }
        }
        for (int j = 0; j < values.length; j++) {
            if (!Float.isFinite(values[j])) {
                throw new IllegalArgumentException("values[" + j + "] is " + values[j] + "; values must be finite");
            }
        }
    }

    /**
     * Checks a time limit.
     *
     * @param timeLimitMillis the limit
     * @return the limit
     * @throws IllegalArgumentException if it is negative
     */
    static long timeLimit(long timeLimitMillis) {
        if (timeLimitMillis < 0) {
            throw new IllegalArgumentException("timeLimitMillis is " + timeLimitMillis
                    + " but must be at least 0 (0: no limit)");
        }
        return timeLimitMillis;
    }
}

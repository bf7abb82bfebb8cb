package org.imle4j.samples.pyepo;

import java.util.function.Function;
import org.imle4j.annotation.Objective;

/**
 * Samples of a predict-then-optimise data set.
 *
 * @param features x, {@code [n][p]}
 * @param costs c, {@code [n][d]}
 * @param solutions w*(c), {@code [n][d]}, 0/1
 * @param optima z* = ⟨c, w*⟩, {@code [n]}
 */
record DflDataset(double[][] features, float[][] costs, int[][] solutions, double[] optima) {

    /** {@return number of samples n} */
    int size() {
        return costs.length;
    }

    /**
     * PyEPO's normalised regret of predicted costs, {@code Σ_i r_i / Σ_i |z*_i|} with {@code r_i = ⟨c_i, ŵ_i⟩ − z*_i}
     * for a minimiser and {@code z*_i − ⟨c_i, ŵ_i⟩} for a maximiser, {@code ŵ_i = w*(ĉ_i)}.
     *
     * @param predicted ĉ, {@code [n][d]}
     * @param sense whether the solver minimises or maximises
     * @param solver the optimal solution of given costs
     * @return the normalised regret, at least 0; NaN or infinite if every optimal value is 0
     */
    double normalisedRegret(float[][] predicted, Objective sense, Function<float[], int[]> solver) {
        double regret = 0;
        double optimum = 0;
        for (int i = 0; i < costs.length; i++) {
            double value = dot(costs[i], solver.apply(predicted[i]));
            regret += sense == Objective.MINIMIZE ? value - optima[i] : optima[i] - value;
            optimum += Math.abs(optima[i]);
        }
        return regret / optimum;
    }

    /** {@code ⟨c, w⟩} in double precision. */
    static double dot(float[] cost, int[] solution) {
        double total = 0;
        for (int j = 0; j < cost.length; j++) {
            total += cost[j] * (double) solution[j];
        }
        return total;
    }
}

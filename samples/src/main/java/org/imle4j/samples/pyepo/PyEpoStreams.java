package org.imle4j.samples.pyepo;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * The pieces of PyEPO's synthetic data that its shortest-path, knapsack and travelling-salesperson generators share:
 * the ranges of p, deg and ē, the Bernoulli(0.5) matrix B, the samples' features {@code x ~ N(0, I_p)} and per-entry
 * noise, and the polynomial {@code ((B x)_j / √p + 3)^deg} of an entry. Each generator keeps its own noise and cost
 * formulas, floating-point operations included, and its own stream; these helpers draw from it in the order the
 * generators did before they shared them, so a seed gives the same numbers ({@code GeneratorStreamTest}).
 */
final class PyEpoStreams {
    private PyEpoStreams() {}

    /**
     * Rejects the settings shared by the generators outside their ranges.
     *
     * @param features p, at least 1
     * @param degree deg, at least 1
     * @param halfWidth ē, in [0, 1]
     * @throws IllegalArgumentException naming the first value out of its range
     */
    static void checkRanges(int features, int degree, double halfWidth) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, but was " + features);
        }
        if (degree < 1) {
            throw new IllegalArgumentException("degree must be at least 1, but was " + degree);
        }
        if (!(halfWidth >= 0 && halfWidth <= 1)) {
            throw new IllegalArgumentException("the noise half-width must be in [0, 1], but was " + halfWidth);
        }
    }

    /**
     * Draws a matrix of Bernoulli(0.5) entries, row by row.
     *
     * @param random the generator's stream
     * @param rows the rows, one per cost entry
     * @param features the columns p
     * @return the matrix, {@code [rows][features]}, entries 0 or 1
     */
    static int[][] bernoulli(SplittableRandom random, int rows, int features) {
        int[][] matrix = new int[rows][features];
        for (int[] row : matrix) {
            for (int k = 0; k < features; k++) {
                row[k] = random.nextInt(2);
            }
        }
        return matrix;
    }

    /** The cost of one entry of one sample. */
    @FunctionalInterface
    interface Cost {
        /**
         * The cost, as the generator stores it.
         *
         * @param entry the entry j
         * @param x the sample's features
         * @param noise the entry's noise ε_j
         * @return c_j
         */
        float of(int entry, double[] x, double noise);
    }

    /**
     * Samples' features, noise and costs.
     *
     * @param features x, {@code [n][p]}
     * @param noise ε, {@code [n][d]}
     * @param costs c, {@code [n][d]}
     */
    record Draw(double[][] features, double[][] noise, float[][] costs) {}

    /**
     * Draws {@code count} samples in PyEPO's per-sample order: the features {@code x ~ N(0, I_p)}, then each entry's
     * noise from one uniform draw.
     *
     * @param random the generator's stream
     * @param count the number of samples n
     * @param features p
     * @param entries the cost entries d
     * @param noise ε_j of a uniform draw in [0, 1), so that each generator keeps its own floating-point formula
     * @param cost c_j of the entry, the features and ε_j
     * @return the samples
     */
    static Draw draw(SplittableRandom random, int count, int features, int entries, DoubleUnaryOperator noise,
            Cost cost) {
        double[][] x = new double[count][features];
        double[][] epsilon = new double[count][entries];
        float[][] costs = new float[count][entries];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < features; k++) {
                x[i][k] = random.nextGaussian();
            }
            for (int j = 0; j < entries; j++) {
                epsilon[i][j] = noise.applyAsDouble(random.nextDouble());
                costs[i][j] = cost.of(j, x[i], epsilon[i][j]);
            }
        }
        return new Draw(x, epsilon, costs);
    }

    /**
     * PyEPO's polynomial of one entry, {@code ((B x)_j / √p + 3)^deg}.
     *
     * @param row the entry's row of B, length p
     * @param x the features, length p
     * @param degree deg
     * @return the polynomial's value
     */
    static double polynomial(int[] row, double[] x, int degree) {
        double projection = 0;
        for (int k = 0; k < x.length; k++) {
            projection += row[k] * x[k];
        }
        return power(projection, x.length, degree);
    }

    /**
     * PyEPO's polynomial of one entry, {@code ((B x)_j / √p + 3)^deg}, for a B of real entries.
     *
     * @param row the entry's row of B, length p
     * @param x the features, length p
     * @param degree deg
     * @return the polynomial's value
     */
    static double polynomial(double[] row, double[] x, int degree) {
        double projection = 0;
        for (int k = 0; k < x.length; k++) {
            projection += row[k] * x[k];
        }
        return power(projection, x.length, degree);
    }

    private static double power(double projection, int features, int degree) {
        return Math.pow(projection / Math.sqrt(features) + 3, degree);
    }
}

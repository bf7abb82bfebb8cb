package org.imle4j.samples.pyepo;

import java.util.SplittableRandom;

/**
 * The pieces of PyEPO's synthetic data that its shortest-path, knapsack and travelling-salesperson generators share:
 * the Bernoulli(0.5) matrix B, the features {@code x ~ N(0, I_p)} and the polynomial {@code ((B x)_j / √p + 3)^deg}
 * of an entry. Each generator draws from its own stream in the order it documents; these helpers draw in exactly the
 * order the generators did before they shared them, so a seed gives the same numbers.
 */
final class PyEpoStreams {
    private PyEpoStreams() {}

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

    /**
     * Draws one sample's features.
     *
     * @param random the generator's stream
     * @param features p
     * @return x, p standard normal entries
     */
    static double[] features(SplittableRandom random, int features) {
        double[] x = new double[features];
        for (int k = 0; k < features; k++) {
            x[k] = random.nextGaussian();
        }
        return x;
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

package org.imle4j.samples.pyepo;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * PyEPO's synthetic multi-dimensional knapsack data ({@code pyepo.data.knapsack.genData}), generated in Java, with the
 * capacity rule of PyEPO's README example.
 *
 * <p>For n items in m dimensions and p features: weights {@code w_ij} drawn uniformly from {3.00, 3.01, …, 7.99}
 * (PyEPO's {@code choice(range(300, 800)) / 100}), held here exactly as integer hundredths 300 … 799; a matrix
 * {@code B ∈ {0,1}^{n×p}} of Bernoulli(0.5) entries; capacities {@code ⌊0.5·Σ_j w_ij⌋} per dimension (PyEPO's
 * {@code (weights.sum(axis=1) * 0.5).astype(int)}), in hundredths {@code 100·⌊Σ_j w_ij / 200⌋}. For each sample,
 * features {@code x ~ N(0, I_p)}, noise {@code ε_j ~ U[1 − ē, 1 + ē]} and item values
 * <pre>
 *   c_j = ⌈5·[((B x)_j / √p + 3)^deg + 1] / 3.5^deg · ε_j⌉,
 * </pre>
 * integers, with the optimal selection {@code w* = argmax ⟨c, w⟩} under the capacities and its value z*. Scaling the
 * weights and capacities by 100 changes no selection.
 *
 * <p>Weights, B, then the samples in order come from one seeded stream; the training and test sets drawn one after the
 * other share the weights, capacities and B, as PyEPO's single {@code genData} call split in two does. The stream is
 * Java's {@link SplittableRandom}, not NumPy's {@code RandomState}, so the numbers differ from PyEPO's for the same
 * seed (and PyEPO draws all features before all noise, this generator sample by sample); the distributions are the
 * same.
 */
final class KnapsackData {
    private final int[][] weights;
    private final int[] capacities;
    private final int degree;
    private final double halfWidth;
    private final int[][] basis;
    private final SplittableRandom random;
    private final Function<float[], int[]> solver;

    /**
     * A generator with its weights, capacities and B drawn.
     *
     * @param items n, at least 1
     * @param dimensions m, at least 1
     * @param features p, at least 1
     * @param degree deg, at least 1
     * @param halfWidth ē, in [0, 1]
     * @param seed the seed of everything drawn
     * @param solver the optimal selection of an instance
     * @throws IllegalArgumentException if a value is out of its range
     */
    KnapsackData(int items, int dimensions, int features, int degree, double halfWidth, long seed,
            Solver solver) {
        if (items < 1 || dimensions < 1 || features < 1 || degree < 1) {
            throw new IllegalArgumentException("items, dimensions, features and degree must be at least 1, but were "
                    + items + ", " + dimensions + ", " + features + " and " + degree);
        }
        if (!(halfWidth >= 0 && halfWidth <= 1)) {
            throw new IllegalArgumentException("the noise half-width must be in [0, 1], but was " + halfWidth);
        }
        this.degree = degree;
        this.halfWidth = halfWidth;
        this.random = new SplittableRandom(seed);
        this.weights = new int[dimensions][items];
        this.capacities = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            long total = 0;
            for (int j = 0; j < items; j++) {
                weights[i][j] = 300 + random.nextInt(500);
                total += weights[i][j];
            }
            capacities[i] = Math.toIntExact(100 * (total / 200));
        }
        this.basis = PyEpoStreams.bernoulli(random, items, features);
        this.solver = values -> solver.select(values, weights, capacities);
    }

    /** The optimal selection of a knapsack instance. */
    @FunctionalInterface
    interface Solver {
        /**
         * Solves one instance.
         *
         * @param values the item values
         * @param weights {@code [m][n]} in hundredths
         * @param capacities {@code [m]} in hundredths
         * @return the optimal selection, 0/1 of length n
         */
        int[] select(float[] values, int[][] weights, int[] capacities);
    }

    /** {@return the weights in hundredths, {@code [m][n]}; the generator's own array, not to be changed} */
    int[][] weights() {
        return weights;
    }

    /** {@return the capacities in hundredths, {@code [m]}; the generator's own array, not to be changed} */
    int[] capacities() {
        return capacities;
    }

    /** {@return a copy of B, {@code [n][p]}, entries 0 or 1} */
    int[][] basis() {
        return Arrays.stream(basis).map(int[]::clone).toArray(int[][]::new);
    }

    /**
     * The optimal selection for given item values.
     *
     * @param values c, length n
     * @return w*(c)
     */
    int[] solve(float[] values) {
        return solver.apply(values);
    }

    /**
     * The next {@code count} samples of the stream, each with its optimal selection and value.
     *
     * @param count at least 0
     * @return the samples; a later call continues the stream
     */
    DflDataset next(int count) {
        double scale = Math.pow(3.5, degree);
        PyEpoStreams.Draw draw = PyEpoStreams.draw(random, count, basis[0].length, basis.length,
                r -> 1 - halfWidth + 2 * halfWidth * r,
                (j, x, noise) -> (float) Math.ceil(5 * (PyEpoStreams.polynomial(basis[j], x, degree) + 1) / scale
                        * noise));
        float[][] values = draw.costs();
        int[][] selections = new int[count][];
        double[] optima = new double[count];
        for (int i = 0; i < count; i++) {
            selections[i] = solve(values[i]);
            optima[i] = DflDataset.dot(values[i], selections[i]);
        }
        return new DflDataset(draw.features(), values, selections, optima);
    }
}

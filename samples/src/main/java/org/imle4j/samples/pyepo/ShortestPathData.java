package org.imle4j.samples.pyepo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.solvers.GridDagShortestPath;

/**
 * PyEPO's synthetic shortest-path data (Tang and Khalil, "PyEPO: A PyTorch-based End-to-End Predict-then-Optimize
 * Library", 2022, {@code pyepo.data.shortestpath.genData}), generated in Java.
 *
 * <p>On a rows × cols grid with d arcs (40 for 5 × 5, in {@link GridDagShortestPath}'s order) and p features: a
 * matrix {@code B ∈ {0,1}^{d×p}} of Bernoulli(0.5) entries, drawn once per generator; for each sample, features
 * {@code x ~ N(0, I_p)}, noise {@code ε_j ~ U[1 − ē, 1 + ē]} and arc costs
 * <pre>
 *   c_j = [((B x)_j / √p + 3)^deg + 1] / 3.5^deg · ε_j
 * </pre>
 * with polynomial degree deg and noise half-width ē. Every sample also carries its optimal path
 * {@code w* = argmin ⟨c, w⟩} and optimal cost {@code z* = ⟨c, w*⟩}.
 *
 * <p>The generator draws B first and then the samples in order from one seeded stream, so the same seed gives the
 * same B and samples, and the training and test sets drawn one after the other from a generator share B, as in
 * PyEPO. The stream is Java's, not NumPy's, so the numbers differ from PyEPO's for the same seed.
 */
public final class ShortestPathData {
    private final int rows;
    private final int cols;
    private final int degree;
    private final double halfWidth;
    private final int[][] basis;
    private final SplittableRandom random;

    /**
     * A generator with its matrix B drawn.
     *
     * @param rows grid rows, at least 2
     * @param cols grid columns, at least 2
     * @param features p, at least 1
     * @param degree deg, at least 1
     * @param halfWidth ē, in [0, 1]
     * @param seed the seed of B and of every sample
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ShortestPathData(int rows, int cols, int features, int degree, double halfWidth, long seed) {
        if (rows < 2 || cols < 2) {
            throw new IllegalArgumentException("the grid must be at least 2 × 2, but was " + rows + " × " + cols);
        }
        PyEpoStreams.checkRanges(features, degree, halfWidth);
        this.rows = rows;
        this.cols = cols;
        this.degree = degree;
        this.halfWidth = halfWidth;
        this.random = new SplittableRandom(seed);
        this.basis = PyEpoStreams.bernoulli(random, GridDagShortestPath.arcCount(rows, cols), features);
    }

    /**
     * The generator's matrix B of Bernoulli(0.5) entries.
     *
     * @return a copy of B, {@code [d][p]}, entries 0 or 1
     */
    public int[][] basis() {
        return Arrays.stream(basis).map(int[]::clone).toArray(int[][]::new);
    }

    /**
     * The next {@code count} samples of the stream, each with its optimal path and cost.
     *
     * @param count the number of samples, at least 0
     * @return the samples; a later call continues the stream
     */
    public Samples next(int count) {
        double scale = Math.pow(3.5, degree);
        PyEpoStreams.Draw draw = PyEpoStreams.draw(random, count, basis[0].length, basis.length,
                r -> 1 - halfWidth + 2 * halfWidth * r,
                (j, x, noise) -> (float) ((PyEpoStreams.polynomial(basis[j], x, degree) + 1) / scale * noise));
        float[][] costs = draw.costs();
        int[][] paths = new int[count][];
        double[] optima = new double[count];
        for (int i = 0; i < count; i++) {
            paths[i] = GridDagShortestPath.arcs(costs[i], rows, cols);
            optima[i] = DflDataset.dot(costs[i], paths[i]);
        }
        return new Samples(draw.features(), draw.noise(), costs, paths, optima);
    }

    /**
     * Samples of the data set.
     *
     * @param features x, {@code [n][p]}
     * @param noise ε, {@code [n][d]}
     * @param costs c, {@code [n][d]}
     * @param paths w*, {@code [n][d]} arc indicators
     * @param optima z*, {@code [n]}
     */
    public record Samples(double[][] features, double[][] noise, float[][] costs, int[][] paths, double[] optima) {

        /** {@return number of samples n} */
        public int size() {
            return costs.length;
        }

        /**
         * PyEPO's normalised regret of predicted costs: {@code Σ_i (⟨c_i, w*(ĉ_i)⟩ − z*_i) / Σ_i |z*_i|}, with
         * {@code w*(ĉ)} the solver's path for the predicted costs ĉ.
         *
         * @param predicted ĉ, {@code [n][d]}
         * @param rows grid rows
         * @param cols grid columns
         * @return the normalised regret, at least 0 (0 when every predicted path is optimal); NaN or infinite if every
         *     optimal cost is 0
         */
        public double normalisedRegret(float[][] predicted, int rows, int cols) {
            return new DflDataset(features, costs, paths, optima).normalisedRegret(predicted, Objective.MINIMIZE,
                    c -> GridDagShortestPath.arcs(c, rows, cols));
        }
    }
}

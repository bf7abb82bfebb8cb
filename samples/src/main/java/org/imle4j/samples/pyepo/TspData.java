package org.imle4j.samples.pyepo;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.imle4j.ortools.TravellingSalesperson;

/**
 * PyEPO's synthetic travelling-salesperson data ({@code pyepo.data.tsp.genData}), generated in Java.
 *
 * <p>On m nodes with E = m(m−1)/2 edges (in {@link TravellingSalesperson#edgeIndex}'s order, that of
 * {@code scipy.spatial.distance.pdist}) and p features, drawn once per generator: the coordinates of the nodes, the
 * first ⌊m/2⌋ uniform on [−2, 2]², the others standard normal, giving the Euclidean distances {@code dist_e}; and a
 * matrix {@code B ∈ ℝ^{E×p}} of Bernoulli(0.5) times U(−2, 2) entries. For each sample, features
 * {@code x ~ N(0, I_p)}, noise {@code ε_e ~ U[1 − ē, 1 + ē]} and edge costs
 * <pre>
 *   c_e = dist_e + ((B x)_e / √p + 3)^deg / 3^(deg−1) · ε_e,
 * </pre>
 * rounded to 4 decimals and stored as floats, as PyEPO does. Every sample also carries its optimal tour
 * {@code w* = argmin ⟨c, w⟩} and optimal cost {@code z* = ⟨c, w*⟩}.
 *
 * <p>What differs from PyEPO: the random stream is Java's {@link SplittableRandom}, not NumPy's
 * {@code RandomState}, so the numbers differ for the same seed; and PyEPO draws all n feature vectors and then all the
 * noise in one call, while this generator draws each sample's features and then its noise, so that training and test
 * sets can be drawn one after the other from one generator sharing the coordinates and B (PyEPO draws them in one call
 * and splits).
 */
public final class TspData {
    private final int degree;
    private final double halfWidth;
    private final double[] distances;
    private final double[][] basis;
    private final SplittableRandom random;
    private final Function<float[], int[]> solver;

    /**
     * A generator with its coordinates and matrix B drawn.
     *
     * @param nodes m, at least 3
     * @param features p, at least 1
     * @param degree deg, at least 1
     * @param halfWidth ē, in [0, 1]
     * @param seed the seed of the coordinates, B and every sample
     * @param solver the optimal tour of given edge costs, for the samples' w*
     * @throws IllegalArgumentException if a value is out of its range
     */
    public TspData(int nodes, int features, int degree, double halfWidth, long seed, Function<float[], int[]> solver) {
        if (nodes < 3) {
            throw new IllegalArgumentException("nodes must be at least 3, but was " + nodes);
        }
        PyEpoStreams.checkRanges(features, degree, halfWidth);
        this.degree = degree;
        this.halfWidth = halfWidth;
        this.solver = solver;
        this.random = new SplittableRandom(seed);
        double[][] coordinates = new double[nodes][2];
        for (int i = 0; i < nodes; i++) {
            for (int axis = 0; axis < 2; axis++) {
                coordinates[i][axis] = i < nodes / 2 ? uniform(-2, 2) : random.nextGaussian();
            }
        }
        int edges = TravellingSalesperson.edgeCount(nodes);
        distances = new double[edges];
        for (int i = 0, edge = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++, edge++) {
                distances[edge] = Math.hypot(coordinates[i][0] - coordinates[j][0],
                        coordinates[i][1] - coordinates[j][1]);
            }
        }
        // PyEPO draws all the Bernoulli factors, then all the uniform ones.
        int[][] bernoulli = PyEpoStreams.bernoulli(random, edges, features);
        basis = new double[edges][features];
        for (int e = 0; e < edges; e++) {
            for (int k = 0; k < features; k++) {
                basis[e][k] = bernoulli[e][k] * uniform(-2, 2);
            }
        }
    }

    /**
     * The Euclidean distances between the generator's nodes.
     *
     * @return a copy of {@code dist}, length E
     */
    public double[] distances() {
        return distances.clone();
    }

    /**
     * The generator's matrix B.
     *
     * @return a copy of B, {@code [E][p]}, entries 0 or in (−2, 2)
     */
    public double[][] basis() {
        return Arrays.stream(basis).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * The next {@code count} samples of the stream, each with its optimal tour and cost.
     *
     * @param count the number of samples, at least 0
     * @return the samples; a later call continues the stream
     */
    public DflDataset next(int count) {
        double scale = Math.pow(3, degree - 1);
        double low = 1 - halfWidth;
        double high = 1 + halfWidth;
        PyEpoStreams.Draw draw = PyEpoStreams.draw(random, count, basis[0].length, basis.length,
                r -> low + (high - low) * r, (e, x, noise) -> {
                    double cost = distances[e] + PyEpoStreams.polynomial(basis[e], x, degree) / scale * noise;
                    return (float) (Math.rint(cost * 1e4) / 1e4);
                });
        float[][] costs = draw.costs();
        int[][] tours = new int[count][];
        double[] optima = new double[count];
        // Labels are the expensive part: solve them on every core (the solver is safe to share).
        IntStream.range(0, count).parallel().forEach(i -> {
            tours[i] = solver.apply(costs[i]);
            optima[i] = DflDataset.dot(costs[i], tours[i]);
        });
        return new DflDataset(draw.features(), costs, tours, optima);
    }

    private double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}

package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.testing.Failures.assertRejects;
import static org.imle4j.runtime.testing.Failures.assertThrowsMentioning;
import static org.imle4j.runtime.testing.TestLayer.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.exact.KSubsets;
import org.imle4j.runtime.exact.SpanningTrees;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.SpanningTreeLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestLayer.Step;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/**
 * SparseMAP through the library's top-k and spanning-tree layers, against references computed without its active
 * set. Top-k: the Euclidean projection onto the capped simplex {@code {0 ≤ μ ≤ 1, Σμ = k}}, which is SparseMAP's
 * solution there, {@code μ_i = clip(φ_i − τ, 0, 1)}, with Jacobian {@code I − 11ᵀ/|F|} on the fractional coordinates
 * F and 0 elsewhere; it is confirmed by enumerating every k-subset ({@link KSubsets}): no subset improves on it.
 * Spanning trees of K4 and K5: {@link SparseMapReference}'s certified projection over all 16 or 125 trees
 * ({@link SpanningTrees}), its Jacobian by central differences (μ* is piecewise linear, so they are exact away from
 * a change of face, which a step of 1e-6 does not reach here).
 *
 * <p>Tolerances: θ is {@code float32}, and the references are computed at θ rounded to {@code float32}. The estimator
 * solves in double precision and rounds μ and dL/dθ to {@code float32} (relative error 6e-8 of entries at most a few
 * units), so 1e-5 leaves a wide margin and still fails on any wrong active set, which moves μ by far more.
 */
class SparseMapEstimatorTest {
    private static final long[] SEEDS = {1, 2, 3, 4, 5};

    @Test
    void topKIsTheProjectionOntoTheCappedSimplexWithItsJacobian() {
        int[][] sizes = {{6, 2}, {8, 3}, {10, 5}, {10, 1}};
        for (int[] size : sizes) {
            int n = size[0];
            int k = size[1];
            KSubsets subsets = KSubsets.of(n, k);
            SparseMapReference enumerated = new SparseMapReference(kSubsets(subsets, n), point -> true);
            for (long seed : SEEDS) {
                double[] theta = roundedToFloat(gaussian(new Random(seed), n, seed % 2 == 0 ? 0.5 : 1.5));
                double[] expected = cappedSimplexProjection(theta, k);
                assertTrue(enumerated.gap(theta, expected) <= 1e-12, "the closed form is optimal over all subsets");
                Metrics metrics = new Metrics();
                Step step = step(TopKLayer.builder().setK(k).optEstimator(Estimators::sparseMap).build(),
                        new double[][] {theta}, new double[][] {new double[n]}, metrics);
                String what = "top-" + k + " of " + n + ", seed " + seed;
                assertArrayEquals(expected, step.output()[0], 1e-5, what);
                int fractional = fractional(expected);
                double support = metrics.getMetric("TopKLayer.activeStructures").get(0).getValue();
                System.out.printf("SparseMAP %s: %d fractional coordinates, %.0f active structures, %.0f solver "
                        + "calls%n", what, fractional, support,
                        metrics.getMetric("TopKLayer.solverCalls").get(0).getValue());
                // Affinely independent structures on μ*'s face of dimension |F| − 1.
                assertTrue(support >= 1 && support <= Math.max(1, fractional), what + ": " + support);
                assertJacobian(TopKLayer.builder().setK(k).optEstimator(Estimators::sparseMap).build(), theta,
                        cappedSimplexJacobian(expected), what);
            }
        }
    }

    /** The batch solver path gives the same projection as the plain-Java one, for a batch of several examples. */
    @Test
    void batchSolverProjectsEveryExampleOfTheBatch() {
        int n = 9;
        int k = 4;
        double[][] theta = new double[3][];
        for (int b = 0; b < theta.length; b++) {
            theta[b] = roundedToFloat(gaussian(new Random(10 + b), n, 0.7));
        }
        Step step = step(BatchTopKLayer.builder().setK(k).optEstimator(Estimators::sparseMap).build(), theta,
                new double[3][n], null);
        for (int b = 0; b < theta.length; b++) {
            assertArrayEquals(cappedSimplexProjection(theta[b], k), step.output()[b], 1e-5, "example " + b);
        }
    }

    @Test
    void spanningTreesAreTheCertifiedProjectionWithItsJacobian() {
        for (int nodes : new int[] {4, 5}) {
            SpanningTrees trees = SpanningTrees.of(nodes);
            int edges = trees.edges();
            SparseMapReference reference = new SparseMapReference(spanningTrees(trees),
                    point -> inSpanningTreePolytope(point, nodes));
            for (long seed : SEEDS) {
                double[] theta = roundedToFloat(gaussian(new Random(100 + seed), edges, seed % 2 == 0 ? 0.4 : 1.0));
                double[] expected = reference.solve(theta);
                Metrics metrics = new Metrics();
                Step step = step(SpanningTreeLayer.builder().setNodes(nodes).optEstimator(Estimators::sparseMap)
                        .build(), new double[][] {theta}, new double[][] {new double[edges]}, metrics);
                String what = "spanning trees of K" + nodes + ", seed " + seed;
                assertArrayEquals(expected, step.output()[0], 1e-5, what);
                System.out.printf("SparseMAP %s: %.0f active structures of %d trees, %.0f solver calls%n", what,
                        metrics.getMetric("SpanningTreeLayer.activeStructures").get(0).getValue(), trees.size(),
                        metrics.getMetric("SpanningTreeLayer.solverCalls").get(0).getValue());
                assertJacobian(SpanningTreeLayer.builder().setNodes(nodes).optEstimator(Estimators::sparseMap)
                        .build(), theta, finiteDifferenceJacobian(reference, theta), what);
            }
        }
    }

    /**
     * Over every 0/1 vector (the solver {@code 1[θ > 0]}) SparseMAP is the projection onto the box, {@code clip(θ, 0,
     * 1)}, with Jacobian {@code diag(1[0 < θ < 1])}. The zero vector is one of the structures, so the Gram matrix of the
     * active set can be singular (second example, whose face holds it), which the bordered system handles; an
     * all-negative θ gives the zero vector itself.
     */
    @Test
    void independentBitsAreTheProjectionOntoTheBox() {
        BatchSolver positive = request -> request.thetas().gt(request.thetas().zerosLike())
                .toType(request.thetas().getDataType(), false);
        double[][] theta = {{0.3, -0.4, 1.7, 0.8, -2, 0.05}, {0.3, -0.4, 0.6, -1, 0.2, 0.9},
            {-0.3, -1, -0.2, -0.7, -0.1, -2}};
        double[][] weights = {gaussian(new Random(12), 6, 1), gaussian(new Random(13), 6, 1),
            gaussian(new Random(14), 6, 1)};
        Step step = step(TestLayer.trainedBy(Estimators.sparseMap(), positive)
                .optStructure(Structure.INDEPENDENT_BITS).build(), roundedToFloat(theta), weights, null);
        for (int b = 0; b < theta.length; b++) {
            for (int i = 0; i < 6; i++) {
                double value = (float) theta[b][i];
                boolean inside = value > 0 && value < 1;
                assertEquals(Math.min(1, Math.max(0, value)), step.output()[b][i], 1e-6, "μ, example " + b);
                assertEquals(inside ? (float) weights[b][i] : 0, step.gradient()[b][i], 1e-6, "∂L/∂θ, example " + b);
            }
        }
    }

    /** A minimiser's μ* is the projection of −θ, and dL/dθ = −J(−θ)ᵀ·dL/dμ. */
    @Test
    void minimisingLayerProjectsTheNegatedScores() {
        int n = 8;
        int k = 3;
        for (long seed : SEEDS) {
            double[] theta = roundedToFloat(gaussian(new Random(200 + seed), n, 0.8));
            double[] negated = new double[n];
            for (int i = 0; i < n; i++) {
                negated[i] = -theta[i];
            }
            double[] expected = cappedSimplexProjection(negated, k);
            SolverLayer layer = TestLayer.trainedBy(Estimators.sparseMap(), TestSolvers.bottomK(k))
                    .optObjective(Objective.MINIMIZE).optStructure(Structure.K_SUBSET).build();
            double[] weights = gaussian(new Random(300 + seed), n, 1);
            Step step = step(layer, new double[][] {theta}, new double[][] {weights}, null);
            assertArrayEquals(expected, step.output()[0], 1e-5, "seed " + seed);
            double[][] jacobian = cappedSimplexJacobian(expected);
            for (int j = 0; j < n; j++) {
                double gradient = 0;
                for (int i = 0; i < n; i++) {
                    gradient -= weights[i] * jacobian[i][j];
                }
                assertEquals(gradient, step.gradient()[0][j], 1e-5, "∂L/∂θ_" + j + ", seed " + seed);
            }
        }
    }

    /** With samples as output, μ is repeated in every row and the rows' gradients are averaged. */
    @Test
    void sampleRowsRepeatTheCombinationAndAverageTheirGradients() {
        int n = 7;
        int k = 2;
        double[] theta = roundedToFloat(gaussian(new Random(7), n, 0.6));
        double[][] weights = {gaussian(new Random(8), n, 1), gaussian(new Random(9), n, 1),
            gaussian(new Random(10), n, 1)};
        SolverLayer layer = TopKLayer.builder().setK(k).optSamples(3).optEstimator(Estimators::sparseMap).build();
        Step step = step(layer, new double[][] {theta}, weights, null);
        double[] expected = cappedSimplexProjection(theta, k);
        double[][] jacobian = cappedSimplexJacobian(expected);
        assertEquals(3, step.output().length);
        for (double[] row : step.output()) {
            assertArrayEquals(expected, row, 1e-5);
        }
        for (int j = 0; j < n; j++) {
            double gradient = 0;
            for (double[] w : weights) {
                for (int i = 0; i < n; i++) {
                    gradient += w[i] * jacobian[i][j] / weights.length;
                }
            }
            assertEquals(gradient, step.gradient()[0][j], 1e-5, "∂L/∂θ_" + j);
        }
    }

    @Test
    void solverWithoutDeclaredStructureIsRefusedAtBuild() {
        assertThrowsMentioning(IllegalArgumentException.class,
                () -> TestLayer.trainedBy(Estimators.sparseMap(), TestSolvers.topK(2)).build(), "TestLayer",
                "SparseMAP", "combines the solver's solutions as vertices of their convex hull",
                "the solver declares no structure");
    }

    @Test
    void fractionalSolutionOfAZeroOneSolverNamesTheInstance() {
        BatchSolver halves = request -> request.thetas().getManager().full(request.thetas().getShape(), 0.5f,
                request.thetas().getDataType());
        SolverLayer layer = TestLayer.trainedBy(Estimators.sparseMap(), halves).optStructure(Structure.BINARY).build();
        assertThrowsMentioning(SolverException.class,
                () -> step(layer, new double[][] {{1, 2, 3}}, new double[][] {{0, 0, 0}}, null),
                "TestLayer", "TestLayer#solve", "instance 0");
    }

    /** From its second call the solver returns the bottom-k of example 1: a subset worse than one it gave before. */
    @Test
    void solverThatContradictsItselfNamesTheInstance() {
        AtomicInteger calls = new AtomicInteger();
        BatchSolver topK = TestSolvers.topK(2);
        BatchSolver bottomK = TestSolvers.bottomK(2);
        BatchSolver contradicting = request -> {
            NDArray top = topK.solve(request);
            if (calls.incrementAndGet() == 1) {
                return top;
            }
            NDArray bottom = bottomK.solve(request);
            NDArray rowOne = request.thetas().getManager().create(new float[] {0, 1}).reshape(2, 1);
            return top.add(bottom.sub(top).mul(rowOne));
        };
        SolverLayer layer = TestLayer.trainedBy(Estimators.sparseMap(), contradicting)
                .optStructure(Structure.K_SUBSET).build();
        double[][] theta = {{3, 0.2, 0.1, -3, 0.3}, {3, 2.9, 0.1, -3, 0.3}};
        assertThrowsMentioning(SolverException.class, () -> step(layer, theta, new double[2][5], null),
                "TestLayer", "TestLayer#solve", "instance 1", "below the score", "returns a maximiser");
    }

    @Test
    void instanceThatDoesNotConvergeInTimeNamesItself() {
        double[][] theta = {{5, -5, 5, -5, 5, -5}, {0.3, 0.1, -0.2, 0.25, 0.05, -0.1}};
        SolverLayer layer = TopKLayer.builder().setK(3).optEstimator(() -> Estimators.sparseMap(1, 1e-9)).build();
        assertThrowsMentioning(SolverException.class, () -> step(layer, theta, new double[2][6], null),
                "TopKLayer", "TopK#indicator", "instance 1", "has not converged after 1 iterations (2 solver calls)",
                "Estimators.sparseMap(maxIterations, tolerance)");
    }

    @Test
    void nonFiniteThetaNamesTheInstance() {
        double[][] theta = {{1, 2, 3, 4}, {1, Double.NaN, 3, 4}};
        SolverLayer layer = BatchTopKLayer.builder().setK(2).optEstimator(Estimators::sparseMap).build();
        assertThrowsMentioning(SolverException.class, () -> step(layer, theta, new double[2][4], null),
                "BatchTopKLayer", "instance 1");
    }

    @Test
    void rejectsOptionsOutOfRange() {
        assertRejects("SparseMAP maxIterations must be at least 1, but was 0", () -> Estimators.sparseMap(0, 1e-9));
        for (double tolerance : new double[] {-1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRejects("SparseMAP tolerance must be non-negative and finite, but was " + tolerance,
                    () -> Estimators.sparseMap(10, tolerance));
        }
        assertEquals("SparseMAP(maxIterations=1000, tolerance=1.0E-9)", Estimators.sparseMap().toString());
    }

    /**
     * The batch holds θ once per coordinate j with the loss weights of the unit vector j, so row j of dL/dθ is
     * {@code (∂μ/∂θ)ᵀ e_j}, row j of the Jacobian's transpose.
     */
    private static void assertJacobian(SolverLayer layer, double[] theta, double[][] expected,
            String what) {
        int n = theta.length;
        double[][] batch = new double[n][];
        double[][] units = new double[n][n];
        for (int j = 0; j < n; j++) {
            batch[j] = theta;
            units[j][j] = 1;
        }
        double[][] gradient = step(layer, batch, units, null).gradient();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                assertEquals(expected[j][i], gradient[j][i], 1e-5, what + ": ∂μ_" + j + "/∂θ_" + i);
            }
        }
    }

    /** μ_i = clip(φ_i − τ, 0, 1) with Σμ = k: τ by bisection, then exactly from the fractional coordinates. */
    static double[] cappedSimplexProjection(double[] phi, int k) {
        double low = -1;
        double high = 1;
        for (double value : phi) {
            low = Math.min(low, value - 1);
            high = Math.max(high, value);
        }
        for (int iteration = 0; iteration < 200; iteration++) {
            double tau = (low + high) / 2;
            if (clippedSum(phi, tau) > k) {
                low = tau;
            } else {
                high = tau;
            }
        }
        double tau = (low + high) / 2;
        int fractional = 0;
        double fractionalSum = 0;
        int ones = 0;
        for (double value : phi) {
            if (value - tau >= 1) {
                ones++;
            } else if (value - tau > 0) {
                fractional++;
                fractionalSum += value;
            }
        }
        if (fractional > 0) {
            tau = (fractionalSum - (k - ones)) / fractional;
        }
        double[] mu = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            mu[i] = Math.min(1, Math.max(0, phi[i] - tau));
        }
        return mu;
    }

    private static double clippedSum(double[] phi, double tau) {
        double sum = 0;
        for (double value : phi) {
            sum += Math.min(1, Math.max(0, value - tau));
        }
        return sum;
    }

    /** {@code δ_ij − 1/|F|} for i, j in the fractional coordinates F, 0 elsewhere. */
    static double[][] cappedSimplexJacobian(double[] mu) {
        int n = mu.length;
        int fractional = fractional(mu);
        double[][] jacobian = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (isFractional(mu[i]) && isFractional(mu[j])) {
                    jacobian[i][j] = (i == j ? 1 : 0) - 1.0 / fractional;
                }
            }
        }
        return jacobian;
    }

    private static int fractional(double[] mu) {
        int count = 0;
        for (double value : mu) {
            count += isFractional(value) ? 1 : 0;
        }
        return count;
    }

    private static boolean isFractional(double value) {
        return value > 1e-9 && value < 1 - 1e-9;
    }

    private static double[][] finiteDifferenceJacobian(SparseMapReference reference, double[] theta) {
        double step = 1e-6;
        int n = theta.length;
        double[][] jacobian = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += step;
            down[j] -= step;
            double[] upper = reference.solve(up);
            double[] lower = reference.solve(down);
            for (int i = 0; i < n; i++) {
                jacobian[i][j] = (upper[i] - lower[i]) / (2 * step);
            }
        }
        return jacobian;
    }

    private static double[][] kSubsets(KSubsets subsets, int n) {
        double[][] structures = new double[subsets.size()][n];
        for (int s = 0; s < subsets.size(); s++) {
            for (int i = 0; i < n; i++) {
                structures[s][i] = (subsets.mask(s) >>> i) & 1;
            }
        }
        return structures;
    }

    private static double[][] spanningTrees(SpanningTrees trees) {
        double[][] structures = new double[trees.size()][trees.edges()];
        for (int t = 0; t < trees.size(); t++) {
            for (int e = 0; e < trees.edges(); e++) {
                structures[t][e] = (trees.mask(t) >>> e) & 1;
            }
        }
        return structures;
    }

    /**
     * Edmonds' description of the spanning-tree polytope: {@code x ≥ 0}, {@code Σx = n − 1}, and at most
     * {@code |S| − 1} on the edges inside every set S of nodes; edges in the row-major upper-triangle order.
     */
    private static boolean inSpanningTreePolytope(double[] x, int nodes) {
        double slack = 1e-9;
        double total = 0;
        for (double value : x) {
            if (value < -slack) {
                return false;
            }
            total += value;
        }
        if (Math.abs(total - (nodes - 1)) > slack) {
            return false;
        }
        for (int set = 0; set < 1 << nodes; set++) {
            double inside = 0;
            int edge = 0;
            for (int i = 0; i < nodes; i++) {
                for (int j = i + 1; j < nodes; j++, edge++) {
                    if ((set >>> i & 1) == 1 && (set >>> j & 1) == 1) {
                        inside += x[edge];
                    }
                }
            }
            if (Integer.bitCount(set) >= 2 && inside > Integer.bitCount(set) - 1 + slack) {
                return false;
            }
        }
        return true;
    }

    private static double[] gaussian(Random random, int n, double scale) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = scale * random.nextGaussian();
        }
        return values;
    }

    private static double[][] roundedToFloat(double[][] rows) {
        double[][] rounded = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            rounded[r] = roundedToFloat(rows[r]);
        }
        return rounded;
    }

    private static double[] roundedToFloat(double[] values) {
        double[] rounded = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        return rounded;
    }
}

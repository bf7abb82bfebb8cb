package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.testing.Failures.assertThrowsMentioning;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.function.Supplier;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.exact.SpanningTrees;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solvers.SpanningTree;
import org.imle4j.runtime.solvers.SpanningTreeLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spanning-tree SST on the library's spanning-tree layer, against the Gibbs distribution over the 16 trees of
 * K4 and the 125 trees of K5, summed tree by tree ({@link SpanningTrees}). Without noise the relaxation is the
 * deterministic vector of edge marginals of {@code exp(θ / t)}, and its Jacobian is {@code Cov(z) / t}. The layer
 * computes in {@code float32} on log-conductances: its errors are a few roundings of log-weights of size |θ|/t, which
 * measured at most 1e-6 for the marginals and 1.2e-7/t for the Jacobian from t = 1 down to t = 0.005. The tolerances,
 * 1e-5 and 2e-6/t, leave a margin above that and still fail on any wrong term (which moves marginals by far more than
 * 1e-3).
 */
class SpanningTreeSstEstimatorTest {
    private static final double[] K4 = {0.9, -0.4, 1.3, 0.2, -1.1, 0.6};
    private static final double[] K5 = {0.9, -0.4, 1.3, 0.2, -1.1, 0.6, 0.05, -0.7, 1.8, 0.35};
    private static final double[] K5_OTHER = {-0.2, 0.5, 0.1, -1.5, 0.8, 1.1, -0.3, 0.4, 0.0, -0.9};

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(2020);
    }

    @Test
    void marginalsAreTheEnumeratedGibbsMarginalsOnK4AndK5() {
        for (double temperature : new double[] {0.5, 2}) {
            assertMarginals(new double[][] {K4}, 4, temperature);
            assertMarginals(new double[][] {K5, K5_OTHER}, 5, temperature);
        }
    }

    /**
     * At t = 0.01 the weights exp(θ/t) of K5 span e^290, beyond single precision (and the entries of an inverse
     * Laplacian would span more than double precision resolves); on log-conductances the marginals and their
     * Jacobian keep their accuracy, and the marginals approach the maximum spanning tree.
     */
    @Test
    void smallTemperatureKeepsTheExactMarginalsAndJacobian() {
        for (double temperature : new double[] {0.05, 0.01}) {
            assertMarginals(new double[][] {K5, K5_OTHER}, 5, temperature);
            assertJacobian(soft(5, temperature), K5_OTHER, 5, temperature);
        }
        double[] tree = toDouble(SpanningTree.maximumWeight(toFloat(K5), 5));
        assertArrayEquals(tree, step(soft(5, 0.01), new double[][] {K5}, new double[][] {K5}).output()[0], 1e-6);
    }

    /** Node 4's edges trail the others by 1000·t: its weights are 0 in any floating point, not on a log scale. */
    @Test
    void scoresFarApartKeepTheExactMarginals() {
        double[][] theta = {{0, 0.5, 0.2, -100, 0.1, 0.3, -100, -0.4, -99.5, -100.2}};
        assertMarginals(theta, 5, 0.1);
        assertJacobian(soft(5, 0.1), theta[0], 5, 0.1);
    }

    /** The batch holds θ once per edge e, with the loss weights of the unit vector e, so row e of dL/dθ is ∇μ_e. */
    @Test
    void jacobianIsTheEnumeratedCovarianceOverTheTemperature() {
        for (double temperature : new double[] {0.5, 2}) {
            assertJacobian(soft(4, temperature), K4, 4, temperature);
            assertJacobian(soft(5, temperature), K5, 5, temperature);
        }
    }

    @Test
    void straightThroughForwardsTheMaximumSpanningTreeWithTheRelaxedGradient() {
        double[][] theta = {K5, K5_OTHER};
        Step step = step(layer(5, () -> SpanningTreeSstEstimator.straightThrough(0.5)), theta, theta);
        for (int b = 0; b < theta.length; b++) {
            assertArrayEquals(toDouble(SpanningTree.maximumWeight(toFloat(theta[b]), 5)), step.output()[b], 0.0,
                    "tree of example " + b);
        }
        assertJacobian(layer(5, () -> SpanningTreeSstEstimator.straightThrough(0.5)), K5, 5, 0.5);
    }

    @Test
    void minimisingLayerRelaxesTheNegatedScores() {
        SolverLayer layer = SpanningTreeLayer.builder().setNodes(4).optNoise(Noise.NONE)
                .optObjective(Objective.MINIMIZE).optEstimator(() -> Estimators.sstSpanningTree(0.5)).build();
        double[] negated = new double[K4.length];
        for (int e = 0; e < K4.length; e++) {
            negated[e] = -K4[e];
        }
        double[] c = {1, -2, 0.5, 0, 3, -1};
        Step step = step(layer, new double[][] {K4}, new double[][] {c});
        assertArrayEquals(SpanningTrees.of(4).marginals(negated, 0.5), step.output()[0], 1e-5);
        double[][] jacobian = SpanningTrees.of(4).marginalJacobian(negated, 0.5);
        for (int f = 0; f < K4.length; f++) {
            double expected = 0;
            for (int e = 0; e < K4.length; e++) {
                expected -= c[e] * jacobian[e][f];
            }
            assertEquals(expected, step.gradient()[0][f], 1e-5, "∂L/∂θ_" + f);
        }
    }

    /** Each Gumbel draw gives the marginals of another perturbed θ: a point of the spanning-tree polytope. */
    @Test
    void gumbelSamplesArePointsOfTheSpanningTreePolytope() {
        SolverLayer layer = SpanningTreeLayer.builder().setNodes(5).optNoise(Noise.GUMBEL).optSamples(4)
                .optEstimator(Estimators::sstSpanningTree).build();
        double[][] output = step(layer, new double[][] {K5, K5_OTHER}, new double[][] {K5}).output();
        assertEquals(8, output.length);
        for (double[] row : output) {
            double sum = 0;
            for (double z : row) {
                assertTrue(z >= -1e-6 && z <= 1 + 1e-6, "marginal " + z);
                sum += z;
            }
            assertEquals(4, sum, 1e-5);
        }
        assertNotEquals(output[0][0], output[1][0], "two samples of one example drew the same noise");
    }

    @Test
    void nonFiniteThetaNamesTheInstance() {
        double[][] theta = {K4, K4.clone()};
        theta[1][3] = Double.NaN;
        assertThrowsMentioning(SolverException.class, () -> step(soft(4, 1), theta, theta),
                "SpanningTreeLayer", "SpanningTree#maximumWeight", "instance 1", "NaN or infinite");
    }

    @Test
    void rejectsThetaThatIsNotOneScorePerEdge() {
        assertThrowsMentioning(IllegalArgumentException.class,
                () -> step(soft(4, 1), new double[][] {{1, 2, 3, 4, 5, 6, 7}}, new double[][] {{0, 0, 0, 0, 0, 0, 0}}),
                "SpanningTreeLayer", "shape (1, 7)", "7 is not n(n−1)/2");
    }

    @Test
    void rejectsInvalidTemperatures() {
        for (double temperature : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrowsMentioning(IllegalArgumentException.class,
                    () -> SpanningTreeSstEstimator.straightThrough(temperature),
                    "spanning-tree SST temperature must be positive and finite, but was " + temperature);
        }
        assertEquals("spanning-tree SST(t=1.0)", Estimators.sstSpanningTree().toString());
        assertEquals("spanning-tree SST(t=0.5, straight-through)",
                Estimators.straightThroughSstSpanningTree(0.5).toString());
    }

    private static void assertMarginals(double[][] theta, int nodes, double temperature) {
        double[][] output = step(soft(nodes, temperature), theta, theta).output();
        for (int b = 0; b < theta.length; b++) {
            double[] expected = SpanningTrees.of(nodes).marginals(roundedToFloat(theta[b]), temperature);
            assertArrayEquals(expected, output[b], 1e-5, "K" + nodes + ", t = " + temperature + ", example " + b);
        }
    }

    private static void assertJacobian(SolverLayer layer, double[] theta, int nodes, double temperature) {
        int edges = theta.length;
        double[][] batch = new double[edges][];
        for (int e = 0; e < edges; e++) {
            batch[e] = theta;
        }
        double[][] gradient = step(layer, batch, unitRows(edges, edges)).gradient();
        double[][] expected = SpanningTrees.of(nodes).marginalJacobian(roundedToFloat(theta), temperature);
        for (int e = 0; e < edges; e++) {
            assertArrayEquals(expected[e], gradient[e], 2e-6 / temperature,
                    "∇μ_" + e + " on K" + nodes + ", t = " + temperature);
        }
    }

    private static SolverLayer soft(int nodes, double temperature) {
        return layer(nodes, () -> Estimators.sstSpanningTree(temperature));
    }

    private static SolverLayer layer(int nodes, Supplier<GradientEstimator> estimator) {
        return SpanningTreeLayer.builder().setNodes(nodes).optNoise(Noise.NONE).optEstimator(estimator).build();
    }

    /** The training output and dL/dθ for {@code L = Σ weights ⊙ output}. */
    private record Step(double[][] output, double[][] gradient) {}

    private static Step step(SolverLayer layer, double[][] theta, double[][] weights) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray thetaArray = manager.create(theta).toType(DataType.FLOAT32, false);
            thetaArray.setRequiresGradient(true);
            NDArray output;
            try (ImleGradientCollector collector = ImleGradientCollector.open()) {
                output = layer.forward(new ParameterStore(manager, false), new NDList(thetaArray), true)
                        .singletonOrThrow();
                NDArray weightArray = manager.create(weights).toType(DataType.FLOAT32, false);
                collector.backward(output.mul(weightArray).sum());
            }
            return new Step(rows(output), rows(thetaArray.getGradient()));
        }
    }

    private static double[][] rows(NDArray matrix) {
        int columns = Math.toIntExact(matrix.getShape().get(1));
        double[] flat = matrix.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] rows = new double[flat.length / columns][columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * columns, rows[r], 0, columns);
        }
        return rows;
    }

    /** Rows {@code e = 0 … count−1} of the identity, wrapping around after {@code width}. */
    private static double[][] unitRows(int width, int count) {
        double[][] rows = new double[count][width];
        for (int r = 0; r < count; r++) {
            rows[r][r % width] = 1;
        }
        return rows;
    }

    private static double[] roundedToFloat(double[] values) {
        double[] rounded = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        return rounded;
    }

    private static float[] toFloat(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private static double[] toDouble(int[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}

package org.imle4j.runtime.loss;

import static org.imle4j.runtime.estimator.ClosedForms.EULER_GAMMA;
import static org.imle4j.runtime.estimator.ClosedForms.dot;
import static org.imle4j.runtime.estimator.ClosedForms.logSumExp;
import static org.imle4j.runtime.estimator.ClosedForms.scale;
import static org.imle4j.runtime.estimator.ClosedForms.softmax;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.Consumer;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The perturbed Fenchel-Young loss against quantities known in closed form.
 *
 * <p>With standard Gumbel noise and an argmax solver, {@code MAP(θ + σZ)} is a draw from softmax(θ/σ), so
 * ŷ has mean softmax(θ/σ) and per-coordinate standard error {@code √(p(1 − p)/S)}; and {@code max_i(θ_i + σZ_i)} is
 * Gumbel with location {@code σ·logsumexp(θ/σ)} and scale σ, so F has mean {@code σ·(logsumexp(θ/σ) + γ)} and
 * standard error {@code σπ/√(6S)}. With Gaussian noise {@code max_i(θ_i + σZ_i)} is σ-Lipschitz in Z, so its
 * variance is at most σ² (Gaussian Poincaré inequality). Tolerances are five standard errors.
 */
class FenchelYoungLossTest {
    private static final int SAMPLES = 200_000;
    private static final double[][] THETA = {{0.5, -1.0, 1.5, 0.0, 0.3}, {-0.2, 0.4, 0.1, -1.0, 0.9}};
    private static final double[][] LABELS = {{1, 0, 0, 0, 0}, {0, 0, 0, 1, 0}};
    /** E[max of 5 independent standard normals]. */
    private static final double EXPECTED_MAX_OF_FIVE_NORMALS = 1.1629644736405196;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engine.getInstance().setRandomSeed(2020);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void gradientIsMeanSolutionMinusLabelOverBatch() {
        // A solver that ignores its input makes ŷ known exactly, whatever the noise.
        double[] constant = {0.1, 0.2, 0.3, 0.4, 0.0};
        BatchSolver solver = request -> request.thetas().getManager().create(constant)
                .toType(request.thetas().getDataType(), false).broadcast(request.thetas().getShape());
        for (Objective objective : Objective.values()) {
            FenchelYoungLoss loss = FenchelYoungLoss.builder().setSolver("constant", solver).optSamples(3)
                    .optObjective(objective).build();
            double[][] gradient = evaluate(loss, THETA, LABELS).gradient();
            double sign = objective == Objective.MAXIMIZE ? 1 : -1;
            for (int b = 0; b < THETA.length; b++) {
                double[] expected = new double[constant.length];
                for (int i = 0; i < constant.length; i++) {
                    expected[i] = sign * (constant[i] - LABELS[b][i]) / THETA.length;
                }
                assertArrayEquals(expected, gradient[b], 1e-7, objective + ", example " + b);
            }
        }
    }

    @Test
    void gumbelArgmaxGradientAndValueMatchTheSoftmaxClosedForms() {
        double sigma = 0.5;
        FenchelYoungLoss loss = FenchelYoungLoss.builder().setSolver("argmax", TestSolvers.argmax()).optSigma(sigma)
                .optSamples(SAMPLES).optNoise(Noise.GUMBEL).build();
        Evaluation evaluation = evaluate(loss, THETA, LABELS);

        int batch = THETA.length;
        double expectedValue = 0;
        for (int b = 0; b < batch; b++) {
            double[] p = softmax(THETA[b], sigma);
            for (int i = 0; i < p.length; i++) {
                assertEquals((p[i] - LABELS[b][i]) / batch, evaluation.gradient()[b][i],
                        5 * Math.sqrt(p[i] * (1 - p[i]) / SAMPLES) / batch, "example " + b + ", coordinate " + i);
            }
            expectedValue += (sigma * (logSumExp(scale(THETA[b], 1 / sigma)) + EULER_GAMMA) - dot(THETA[b],
                    LABELS[b])) / batch;
        }
        double tolerance = 5 * sigma * Math.PI / Math.sqrt(6.0 * SAMPLES * batch);
        assertEquals(expectedValue, evaluation.value(), tolerance);
        assertTrue(expectedValue > 10 * tolerance, "the expected value must stand well above the tolerance");
    }

    @Test
    void minimisingSolverLearnsCostsWhoseArgminIsTheLabel() {
        // φ = −θ: ŷ = E[argmin(θ − σZ)] = softmax(−θ/σ), and dL/dθ = −(ŷ − y)/B.
        double sigma = 1.0;
        FenchelYoungLoss loss = FenchelYoungLoss.builder().setSolver("argmin", TestSolvers.argmin()).optSigma(sigma)
                .optSamples(SAMPLES).optNoise(Noise.GUMBEL).optObjective(Objective.MINIMIZE).build();
        double[][] gradient = evaluate(loss, THETA, LABELS).gradient();

        int batch = THETA.length;
        for (int b = 0; b < batch; b++) {
            double[] p = softmax(scale(THETA[b], -1), sigma);
            for (int i = 0; i < p.length; i++) {
                assertEquals(-(p[i] - LABELS[b][i]) / batch, gradient[b][i],
                        5 * Math.sqrt(p[i] * (1 - p[i]) / SAMPLES) / batch, "example " + b + ", coordinate " + i);
            }
        }
    }

    @Test
    void gaussianValueVanishesWithTheMarginAndIsPositiveWithout() {
        double sigma = 1.0;
        int samples = 20_000;
        FenchelYoungLoss loss = FenchelYoungLoss.builder().setSolver("argmax", TestSolvers.argmax()).optSigma(sigma)
                .optSamples(samples).build();
        double tolerance = 5 * sigma / Math.sqrt((double) samples * THETA.length);

        // A margin of 30σ: every perturbed solution is the label, so ŷ = y exactly and the value is σ·mean⟨y, Z⟩.
        double[][] favouring = {scale(LABELS[0], 30), scale(LABELS[1], 30)};
        Evaluation margin = evaluate(loss, favouring, LABELS);
        assertEquals(0, margin.value(), tolerance);
        for (double[] row : margin.gradient()) {
            assertArrayEquals(new double[row.length], row, 0.0);
        }

        // θ = 0: F is σ times the mean maximum of five standard normals and ⟨θ, y⟩ = 0.
        Evaluation flat = evaluate(loss, new double[2][5], LABELS);
        assertEquals(sigma * EXPECTED_MAX_OF_FIVE_NORMALS, flat.value(), tolerance);
    }

    @Test
    void builderNamesTheInvalidSetting() {
        assertBuildFails(b -> {}, "FenchelYoungLoss: the solver is required; call setSolver(method, solver) with a "
                + "non-null name and solver");
        for (double sigma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertBuildFails(b -> b.setSolver("argmax", TestSolvers.argmax()).optSigma(sigma),
                    "FenchelYoungLoss: sigma must be positive and finite, but was " + sigma);
        }
        assertBuildFails(b -> b.setSolver("argmax", TestSolvers.argmax()).optSamples(0),
                "FenchelYoungLoss: samples must be at least 1, but was 0");
        for (Noise noise : new Noise[] {Noise.SUM_OF_GAMMA, Noise.NONE, null}) {
            assertBuildFails(b -> b.setSolver("argmax", TestSolvers.argmax()).optNoise(noise),
                    "FenchelYoungLoss: noise must be GUMBEL or GAUSSIAN, but was " + noise);
        }
        assertBuildFails(b -> b.setSolver("argmax", TestSolvers.argmax()).optObjective(null),
                "FenchelYoungLoss: objective must be MAXIMIZE or MINIMIZE, but was null");
        assertBuildFails(b -> b.setSolver("argmax", TestSolvers.argmax()).optName(" "),
                "FenchelYoungLoss: name must be a non-blank string, but was \" \"");
    }

    @Test
    void rejectsLabelsOfAnotherShape() {
        FenchelYoungLoss loss = FenchelYoungLoss.builder().setSolver("argmax", TestSolvers.argmax()).build();
        NDArray theta = manager.create(new float[2][5]);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> loss.evaluate(new NDList(manager.create(new float[2][4])), new NDList(theta)));
        assertEquals("FenchelYoungLoss: labels must be target solutions of the predictions' shape (2, 5), but have "
                + "shape (2, 4)", error.getMessage());
    }

    @Test
    void solverFailuresNameTheLossAndTheSolver() {
        BatchSolver failing = request -> {
            throw new IllegalStateException("no feasible solution");
        };
        FenchelYoungLoss loss = FenchelYoungLoss.builder().setSolver("com.example.Paths#shortest", failing)
                .optName("PathLoss").build();
        SolverException error = assertThrows(SolverException.class,
                () -> evaluate(loss, THETA, LABELS));
        assertTrue(error.getMessage().startsWith("PathLoss (solver com.example.Paths#shortest): solver threw "
                + "java.lang.IllegalStateException: no feasible solution"), error.getMessage());
    }

    private record Evaluation(double value, double[][] gradient) {}

    private Evaluation evaluate(FenchelYoungLoss loss, double[][] theta, double[][] labels) {
        NDArray thetaArray = manager.create(theta).toType(DataType.FLOAT32, false);
        thetaArray.setRequiresGradient(true);
        NDArray labelArray = manager.create(labels).toType(DataType.FLOAT32, false);
        double value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray lossValue = loss.evaluate(new NDList(labelArray), new NDList(thetaArray));
            value = lossValue.getFloat();
            collector.backward(lossValue);
        }
        double[] flat = thetaArray.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] gradient = new double[theta.length][theta[0].length];
        for (int b = 0; b < theta.length; b++) {
            System.arraycopy(flat, b * theta[0].length, gradient[b], 0, theta[0].length);
        }
        return new Evaluation(value, gradient);
    }

    private static void assertBuildFails(Consumer<FenchelYoungLoss.Builder> configure, String message) {
        FenchelYoungLoss.Builder builder = FenchelYoungLoss.builder();
        configure.accept(builder);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(message, error.getMessage());
    }
}

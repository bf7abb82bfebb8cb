package org.imle4j.runtime.estimator;

import static org.imle4j.runtime.estimator.Quadrature.derivative;
import static org.imle4j.runtime.estimator.Quadrature.integrate;
import static org.imle4j.runtime.estimator.Quadrature.logisticDensity;
import static org.imle4j.runtime.estimator.Quadrature.sigmoid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.loss.ExpectedL0Loss;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solvers.IndependentBitsLayer;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hard Concrete gates against the law of the stretched, rectified binary Concrete variable, derived here from its
 * distribution function rather than read from the main code: with standard logistic L and
 * {@code s = σ((L + a)/β)}, {@code P(s̄ > x) = σ(a − β·log((x − γ)/(ζ − x)))} for {@code s̄ = s·(ζ − γ) + γ} and x in
 * (γ, ζ). So {@code P(z = 0) = 1 − P(s̄ > 0)}, {@code P(z = 1) = P(s̄ > 1)}, {@code E[z] = ∫₀¹ P(s̄ > t) dt} and
 * {@code E[z²] = ∫₀¹ 2t·P(s̄ > t) dt}, integrated numerically. The per-draw gradient {@code g = ∂z/∂a} is
 * {@code (ζ − γ)·s·(1 − s)/β} between the rectified ends, so in the variable s, of density
 * {@code p_L(β·logit s − a)·β/(s(1 − s))}, {@code E[g²] = (ζ − γ)²/β · ∫ s(1 − s)·p_L(β·logit s − a) ds} over
 * {@code s ∈ (−γ/(ζ − γ), (1 − γ)/(ζ − γ))}. Frequencies and means are held to five standard errors of their
 * estimates.
 */
class HardConcreteTest extends ManagedTest {
    private static final double[] LOG_ALPHAS = {-2.0, -0.5, 0.0, 1.0, 2.5};
    /** The paper's gates and a stretch that is not symmetric, where P(z = 1) is not P(z = 0) mirrored. */
    private static final HardConcrete[] DISTRIBUTIONS = {HardConcrete.paperDefaults(), HardConcrete.of(0.5, -0.2, 1.05)};

    /** Sets every bit whose score is positive. */
    private static final BatchSolver INDEPENDENT_BITS = request -> {
        NDArray thetas = request.thetas();
        return thetas.gt(thetas.zerosLike()).toType(thetas.getDataType(), false);
    };

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(2018);
    }

    /** {@code P(s̄ > x)} from the logistic distribution function. */
    private static double survival(HardConcrete gates, double logAlpha, double x) {
        return sigmoid(logAlpha - gates.temperature() * Math.log((x - gates.lower()) / (gates.upper() - x)));
    }

    private static double expectedGate(HardConcrete gates, double logAlpha) {
        return integrate(t -> survival(gates, logAlpha, t), 0, 1);
    }

    @Test
    void exactZerosAndOnesOccurWithTheClosedFormFrequencies() {
        int draws = 40_000;
        for (HardConcrete gates : DISTRIBUTIONS) {
            NDArray logAlpha = manager.create(toFloats(LOG_ALPHAS)).broadcast(new Shape(draws, LOG_ALPHAS.length));
            float[] z = gates.sample(logAlpha).toFloatArray();
            double[] closedZero = gates.probabilityOfZero(manager.create(toFloats(LOG_ALPHAS)))
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            double[] closedOne = gates.probabilityOfOne(manager.create(toFloats(LOG_ALPHAS)))
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            for (int j = 0; j < LOG_ALPHAS.length; j++) {
                int zeros = 0;
                int ones = 0;
                for (int d = 0; d < draws; d++) {
                    float value = z[d * LOG_ALPHAS.length + j];
                    assertTrue(value >= 0 && value <= 1, "gate " + value);
                    zeros += value == 0 ? 1 : 0;
                    ones += value == 1 ? 1 : 0;
                }
                double a = LOG_ALPHAS[j];
                double pZero = 1 - survival(gates, a, 0);
                double pOne = survival(gates, a, 1);
                String where = gates + ", log α = " + a;
                assertEquals(pZero, closedZero[j], 1e-6, "P(z = 0) of the main code, " + where);
                assertEquals(pOne, closedOne[j], 1e-6, "P(z = 1) of the main code, " + where);
                assertEquals(pZero, zeros / (double) draws, 5 * Math.sqrt(pZero * (1 - pZero) / draws),
                        "frequency of z = 0, " + where);
                assertEquals(pOne, ones / (double) draws, 5 * Math.sqrt(pOne * (1 - pOne) / draws),
                        "frequency of z = 1, " + where);
            }
        }
    }

    @Test
    void theClosedFormsAreThoseOfThePaperAndSumAsTheyShould() {
        HardConcrete gates = HardConcrete.paperDefaults();
        NDArray logAlpha = manager.create(toFloats(LOG_ALPHAS));
        double[] nonZero = gates.nonZeroProbability(logAlpha).toType(DataType.FLOAT64, false).toDoubleArray();
        double[] zero = gates.probabilityOfZero(logAlpha).toType(DataType.FLOAT64, false).toDoubleArray();
        for (int j = 0; j < LOG_ALPHAS.length; j++) {
            // The paper's penalty, σ(log α − β·log(−γ/ζ)), with −γ/ζ = 1/11.
            assertEquals(sigmoid(LOG_ALPHAS[j] + 2.0 / 3.0 * Math.log(11)), nonZero[j], 1e-6);
            assertEquals(1, nonZero[j] + zero[j], 1e-6);
        }
    }

    @Test
    void layerGradientsAreUnbiasedForTheGradientOfTheExpectedGate() {
        int examples = 20_000;
        double[] logAlphas = {-1.0, 0.3, 2.0};
        for (HardConcrete gates : DISTRIBUTIONS) {
            TestLayer layer = TestLayer.trainedBy(Estimators.hardConcrete(gates), INDEPENDENT_BITS)
                    .optStructure(Structure.INDEPENDENT_BITS)
                    .build();
            double[][] theta = new double[examples][];
            double[][] weights = new double[examples][];
            Arrays.fill(theta, logAlphas);
            Arrays.fill(weights, new double[] {1, 1, 1});
            // One draw per example: each row of the gradient is one draw's ∂z/∂a.
            TestLayer.Step step = layer.step(theta, weights);
            for (int j = 0; j < logAlphas.length; j++) {
                double a = logAlphas[j];
                String where = gates + ", log α = " + a;
                double meanGate = integrate(t -> survival(gates, a, t), 0, 1);
                double meanSquare = integrate(t -> 2 * t * survival(gates, a, t), 0, 1);
                assertEquals(meanGate, column(step.output(), j), 5 * Math.sqrt((meanSquare - meanGate * meanGate)
                        / examples), "mean gate, " + where);

                double slope = derivative(x -> expectedGate(gates, x), a, 1e-4);
                double stretch = gates.upper() - gates.lower();
                double sLow = -gates.lower() / stretch;
                double sHigh = (1 - gates.lower()) / stretch;
                double meanGradient = stretch * integrate(s -> logisticDensity(logit(gates, s, a)), sLow, sHigh);
                assertEquals(slope, meanGradient, 1e-7, "E[∂z/∂a] is the slope of E[z], " + where);
                double gradientSquare = stretch * stretch / gates.temperature()
                        * integrate(s -> s * (1 - s) * logisticDensity(logit(gates, s, a)), sLow, sHigh);
                assertEquals(slope, column(step.gradient(), j),
                        5 * Math.sqrt((gradientSquare - slope * slope) / examples), "mean ∂z/∂a, " + where);
            }
        }
    }

    /** {@code β·logit(s) − a}, the logistic noise at which the gate's s is s. */
    private static double logit(HardConcrete gates, double s, double a) {
        return gates.temperature() * Math.log(s / (1 - s)) - a;
    }

    @Test
    void expectedL0LossAndItsGradientAreTheClosedForm() {
        HardConcrete gates = HardConcrete.paperDefaults();
        double[][] logAlpha = {{-2.0, 0.0, 1.5}, {0.5, -0.5, 3.0}};
        float weight = 0.5f;
        NDArray input = manager.create(logAlpha).toType(DataType.FLOAT32, false);
        input.setRequiresGradient(true);
        double loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = new ExpectedL0Loss("l0", weight, 1, gates)
                    .evaluate(new NDList(), new NDList(manager.zeros(new Shape(1)), input));
            loss = value.getFloat();
            collector.backward(value);
        }
        double[] gradient = input.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        double expected = 0;
        for (int b = 0; b < logAlpha.length; b++) {
            for (int j = 0; j < logAlpha[b].length; j++) {
                double p = survival(gates, logAlpha[b][j], 0);
                expected += weight * p / logAlpha.length;
                assertEquals(weight * p * (1 - p) / logAlpha.length, gradient[b * 3 + j], 1e-7, "gate " + b + j);
            }
        }
        assertEquals(expected, loss, 1e-6);
    }

    @Test
    void theGateBlockIsDeterministicOutsideTrainingAndDrawsWhileTraining() {
        HardConcrete gates = HardConcrete.paperDefaults();
        double[] logAlpha = {-3.0, -0.5, 0.0, 0.5, 3.0};
        HardConcreteGate block = new HardConcreteGate(gates);
        NDArray input = manager.create(toFloats(logAlpha));
        ParameterStore store = new ParameterStore(manager, false);
        double[] inference = block.forward(store, new NDList(input), false).singletonOrThrow()
                .toType(DataType.FLOAT64, false).toDoubleArray();
        for (int j = 0; j < logAlpha.length; j++) {
            double expected = Math.min(1, Math.max(0, sigmoid(logAlpha[j]) * 1.2 - 0.1));
            assertEquals(expected, inference[j], 1e-6, "log α = " + logAlpha[j]);
        }
        assertEquals(0.0, inference[0], 0.0, "σ(−3)·1.2 − 0.1 < 0 is rectified to exactly 0");
        assertEquals(1.0, inference[4], 0.0, "σ(3)·1.2 − 0.1 > 1 is rectified to exactly 1");

        NDArray many = manager.zeros(new Shape(1000));
        float[] first = block.forward(store, new NDList(many), true).singletonOrThrow().toFloatArray();
        float[] second = block.forward(store, new NDList(many), true).singletonOrThrow().toFloatArray();
        assertTrue(!Arrays.equals(first, second), "two training passes drew the same gates");
        long exact = 0;
        for (float z : first) {
            assertTrue(z >= 0 && z <= 1, "gate " + z);
            exact += z == 0 || z == 1 ? 1 : 0;
        }
        // At log α = 0, P(z ∈ {0, 1}) = 2σ(−β·log 11) ≈ 0.34: 1000 draws hold some, and not all.
        assertTrue(exact > 0 && exact < first.length, exact + " exact gates of " + first.length);
    }

    @Test
    void theGeneratedIndependentBitsLayerTrainsThroughGatesAndSolvesOutsideTraining() {
        IndependentBitsLayer layer = IndependentBitsLayer.builder().optEstimator(Estimators::hardConcrete)
                .optSamples(500).build();
        NDArray theta = manager.create(new float[][] {{-1.5f, 0.2f, 3f}});
        theta.setRequiresGradient(true);
        ParameterStore store = new ParameterStore(manager, false);
        float[] gates;
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray output = layer.forward(store, new NDList(theta), true).singletonOrThrow();
            gates = output.toFloatArray();
            collector.backward(output.sum());
        }
        assertEquals(500 * 3, gates.length);
        long zeros = 0;
        long ones = 0;
        for (float z : gates) {
            assertTrue(z >= 0 && z <= 1, "gate " + z);
            zeros += z == 0 ? 1 : 0;
            ones += z == 1 ? 1 : 0;
        }
        assertTrue(zeros > 0 && ones > 0, zeros + " zeros and " + ones + " ones among the gates");
        double[] gradient = theta.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        for (double g : gradient) {
            assertTrue(g > 0, "a gate's mean grows with log α: " + Arrays.toString(gradient));
        }
        assertArrayEquals(new float[] {0, 1, 1},
                layer.forward(store, new NDList(theta), false).singletonOrThrow().toFloatArray());
    }

    /**
     * β, ζ − γ, γ and, with S samples per example, the 1/S of the output's gradient are scalars that autograd keeps
     * for the backward pass; a garbage collection between the passes must not change the gradient. The same seed
     * draws the same gates in both steps.
     */
    @Test
    void backwardPassIsUnharmedByGarbageCollectionAfterTheForwardPass() {
        TestLayer layer = TestLayer.trainedBy(Estimators.hardConcrete(), INDEPENDENT_BITS)
                .optStructure(Structure.INDEPENDENT_BITS)
                .optSamples(3)
                .build();
        double[][] weights = {{1.0, -0.5, 2.0}, {-1.0, 0.5, 0.25}};
        layer.assertGarbageCollectionKeepsTheGradient(new double[][] {{-1.0, 0.3, 2.0}, {0.5, 0.0, -0.2}},
                TestLayer.perSampleRows(weights, 3), () -> Engine.getInstance().setRandomSeed(7));
    }

    @Test
    void reportsTheShareOfGatesThatAreNotZero() {
        TestLayer layer = TestLayer.trainedBy(Estimators.hardConcrete(), INDEPENDENT_BITS)
                .optStructure(Structure.INDEPENDENT_BITS)
                .optSamples(10)
                .build();
        Metrics metrics = new Metrics();
        // A gate at log α = −50 is non-zero, and one at +50 is zero, with probability σ(−50 + β·log 11) < 1e-20.
        layer.step(new double[][] {{-50, 50, 50, -50}}, TestLayer.perSampleRows(new double[][] {{1, 1, 1, 1}}, 10),
                metrics);
        List<Metric> reported = metrics.getMetric("TestLayer.nonZeroGateFraction");
        assertEquals(1, reported.size());
        assertEquals(0.5, reported.get(0).getValue(), 0.0);
    }

    @Test
    void buildRefusesLayersWhoseSolverIsNotIndependentBits() {
        for (Structure structure : new Structure[] {Structure.ONE_HOT, Structure.K_SUBSET, Structure.UNSPECIFIED}) {
            GradientEstimator estimator = Estimators.hardConcrete();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> TestLayer.trainedBy(estimator, TestSolvers.argmax()).optStructure(structure).build());
            String message = error.getMessage();
            assertTrue(message.startsWith(TestLayer.IDENTITY.describe() + ": the estimator " + estimator
                    + " replaces each independent bit by a Hard Concrete gate, so it needs a solver of structure "
                    + "INDEPENDENT_BITS, but the solver"), message);
            assertTrue(structure == Structure.UNSPECIFIED ? message.contains("declares no structure")
                    : message.contains("the solver's structure is " + structure), message);
        }
    }

    @Test
    void rejectsParametersOutOfRange() {
        assertEquals("Hard Concrete temperature β must be positive and finite, but was 0.0",
                assertThrows(IllegalArgumentException.class, () -> HardConcrete.of(0, -0.1, 1.1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HardConcrete.of(0.5, 0, 1.1)).getMessage()
                .startsWith("Hard Concrete lower end γ must be negative and finite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HardConcrete.of(0.5, -0.1, 1.0)).getMessage()
                .startsWith("Hard Concrete upper end ζ must be greater than 1 and finite"));
        assertThrows(IllegalArgumentException.class, () -> Estimators.hardConcrete(null));
        assertThrows(IllegalArgumentException.class, () -> new HardConcreteGate(null));
        assertThrows(IllegalArgumentException.class, () -> new ExpectedL0Loss("l0", -1f, 0, HardConcrete.paperDefaults()));
    }

    private static double column(double[][] rows, int j) {
        double sum = 0;
        for (double[] row : rows) {
            sum += row[j];
        }
        return sum / rows.length;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}

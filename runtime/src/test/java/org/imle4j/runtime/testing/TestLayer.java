package org.imle4j.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.runtime.AimleBuilder;
import org.imle4j.runtime.ImleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverIdentity;

/**
 * The hand-written solver layer of the runtime's own tests, shaped like the processor's output: an I-MLE or adaptive
 * I-MLE layer over any batch solver, or a layer of any event rank trained by a given estimator.
 */
public final class TestLayer extends SolverLayer {
    /** The layer and solver method that every test layer reports in its messages. */
    public static final SolverIdentity IDENTITY =
            new SolverIdentity("TestLayer", "org.imle4j.runtime.testing.TestLayer#solve");

    /** The event rank of a layer that accepts θ of any rank, so that the estimators' own shape checks are reached. */
    private static final int ANY_RANK = -1;

    private TestLayer(SolverLayer.Builder<?> builder, BatchSolver solver) {
        super(builder, solver);
    }

    /**
     * An I-MLE layer over a batch solver of rank-1 instances without extra inputs.
     *
     * @param solver the solver
     * @return the builder
     */
    public static Imle imle(BatchSolver solver) {
        return imle(solver, 1, 0);
    }

    /**
     * An I-MLE layer over a batch solver.
     *
     * @param solver the solver
     * @param eventRank the rank of one instance of θ
     * @param extraInputs the number of extra inputs after θ
     * @return the builder
     */
    public static Imle imle(BatchSolver solver, int eventRank, int extraInputs) {
        return new Imle(solver, eventRank, extraInputs);
    }

    /**
     * An adaptive I-MLE layer over a batch solver of rank-1 instances.
     *
     * @param solver the solver
     * @return the builder
     */
    public static Aimle aimle(BatchSolver solver) {
        return new Aimle(solver);
    }

    /**
     * A layer trained by {@code estimator} that accepts θ of any rank; the builder builds one layer (a second
     * {@code build()} is refused, as the estimator would be shared).
     *
     * @param estimator the estimator
     * @param solver the solver
     * @return the builder
     */
    public static Imle trainedBy(GradientEstimator estimator, BatchSolver solver) {
        return imle(solver, ANY_RANK, 0).optEstimator(() -> estimator);
    }

    /**
     * The training output and dL/dθ for the loss {@code L = Σ weights ⊙ output} (weights broadcast to the output).
     *
     * @param output the training forward pass's output
     * @param gradient dL/dθ
     */
    public record Step(double[][] output, double[][] gradient) {}

    /**
     * One training step on θ.
     *
     * @param theta θ, one row per example
     * @param weights the weights of the linear loss
     * @return the output and the gradient
     */
    public Step step(double[][] theta, double[][] weights) {
        return step(theta, weights, null);
    }

    /**
     * As {@link #step(double[][], double[][])}, recording the estimator's diagnostics.
     *
     * @param theta θ, one row per example
     * @param weights the weights of the linear loss
     * @param metrics where the estimator records its diagnostics
     * @return the output and the gradient
     */
    public Step step(double[][] theta, double[][] weights, Metrics metrics) {
        return step(theta, weights, metrics, () -> {});
    }

    /**
     * As {@link #step(double[][], double[][])}, with a garbage collection between the forward and the backward pass
     * and the native memory it freed written over with NaN: a backward pass that still reads memory owned by a
     * collected Java buffer then computes NaN.
     *
     * @param theta θ, one row per example
     * @param weights the weights of the linear loss
     * @return the output and the gradient
     */
    public Step stepCollectingGarbage(double[][] theta, double[][] weights) {
        List<ByteBuffer> nanFilled = new ArrayList<>();
        return step(theta, weights, null, () -> {
            for (int round = 0; round < 3; round++) {
                System.gc();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 20_000; i++) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                    buffer.putFloat(0, Float.NaN);
                    nanFilled.add(buffer);
                }
            }
        });
    }

    /**
     * Asserts that a garbage collection between the passes ({@link #stepCollectingGarbage}) leaves dL/dθ as a plain
     * {@link #step} computes it, to 1e-6: the scalars that autograd keeps for the backward pass must live in memory
     * that PyTorch owns.
     *
     * @param theta θ, one row per example
     * @param weights the weights of the linear loss
     * @param beforeEachStep run before each of the two steps, for instance to seed the estimator's own noise
     */
    public void assertGarbageCollectionKeepsTheGradient(double[][] theta, double[][] weights,
            Runnable beforeEachStep) {
        beforeEachStep.run();
        double[][] expected = step(theta, weights).gradient();
        beforeEachStep.run();
        double[][] collected = stepCollectingGarbage(theta, weights).gradient();
        for (int b = 0; b < theta.length; b++) {
            assertArrayEquals(expected[b], collected[b], 1e-6, "example " + b);
        }
    }

    /**
     * The rows of a per-sample output's weights: each example's row repeated for its S sample rows, example-major.
     *
     * @param perExample one row per example
     * @param samples S
     * @return {@code B·S} rows
     */
    public static double[][] perSampleRows(double[][] perExample, int samples) {
        double[][] rows = new double[perExample.length * samples][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = perExample[row / samples];
        }
        return rows;
    }

    private Step step(double[][] theta, double[][] weights, Metrics metrics, Runnable betweenPasses) {
        return step(this, theta, weights, metrics, betweenPasses);
    }

    /**
     * One training step of any solver layer, generated ones included, on {@code float32} θ.
     *
     * @param layer the layer
     * @param theta θ, one row per example
     * @param weights the weights of the linear loss {@code L = Σ weights ⊙ output}
     * @param metrics where the estimator records its diagnostics, or null
     * @return the output and the gradient
     */
    public static Step step(SolverLayer layer, double[][] theta, double[][] weights, Metrics metrics) {
        return step(layer, theta, weights, metrics, () -> {});
    }

    private static Step step(SolverLayer layer, double[][] theta, double[][] weights, Metrics metrics,
            Runnable betweenPasses) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray thetaArray = manager.create(theta).toType(DataType.FLOAT32, false);
            thetaArray.setRequiresGradient(true);
            NDArray output;
            try (GradientCollector collector =
                    ImleGradientCollector.wrap(Engine.getInstance().newGradientCollector(), metrics)) {
                output = layer.forward(new ParameterStore(manager, false), new NDList(thetaArray), true)
                        .singletonOrThrow();
                betweenPasses.run();
                NDArray weightArray = manager.create(weights).toType(DataType.FLOAT32, false);
                collector.backward(output.mul(weightArray).sum());
            }
            return new Step(rows(output), rows(thetaArray.getGradient()));
        }
    }

    /**
     * The training forward pass alone, on θ of ones of any shape: for the estimators' shape checks.
     *
     * @param thetaShape θ's shape
     */
    public void trainForward(Shape thetaShape) {
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector collector = ImleGradientCollector.open()) {
            forward(new ParameterStore(manager, false), new NDList(manager.ones(thetaShape)), true);
        }
    }

    private static double[][] rows(NDArray matrix) {
        int columns = Math.toIntExact(matrix.getShape().get(matrix.getShape().dimension() - 1));
        double[] flat = matrix.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] rows = new double[flat.length / columns][columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * columns, rows[r], 0, columns);
        }
        return rows;
    }

    /** The builder of an I-MLE test layer, or of one trained by a given estimator. */
    public static final class Imle extends ImleBuilder<Imle> {
        private final BatchSolver solver;

        private Imle(BatchSolver solver, int eventRank, int extraInputs) {
            super(IDENTITY.layer(), IDENTITY.method(), eventRank, extraInputs);
            this.solver = solver;
        }

        @Override
        protected Imle self() {
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException if a setting is out of range or the estimator does not fit
         */
        public TestLayer build() {
            validate();
            return new TestLayer(this, solver);
        }
    }

    /** The builder of an adaptive I-MLE test layer. */
    public static final class Aimle extends AimleBuilder<Aimle> {
        private final BatchSolver solver;

        private Aimle(BatchSolver solver) {
            super(IDENTITY.layer(), IDENTITY.method(), 1, 0);
            this.solver = solver;
        }

        @Override
        protected Aimle self() {
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException if a setting is out of range or the estimator does not fit
         */
        public TestLayer build() {
            validate();
            return new TestLayer(this, solver);
        }
    }
}

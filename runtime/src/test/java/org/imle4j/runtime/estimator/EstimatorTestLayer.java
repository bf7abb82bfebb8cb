package org.imle4j.runtime.estimator;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.solve.BatchSolver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written solver layer for the estimator tests, shaped like the processor's output. It accepts θ of any rank,
 * so that the estimators' own shape checks are reached.
 */
final class EstimatorTestLayer extends SolverLayer {

    private EstimatorTestLayer(Builder builder, BatchSolver solver) {
        super(builder, solver);
    }

    /** A layer trained with {@code estimator} over {@code solver}. */
    static Builder builder(GradientEstimator estimator, BatchSolver solver) {
        return new Builder(estimator, solver);
    }

    /** One-hot indicator of the largest score of each row, {@code [N, n] → [N, n]}. */
    static BatchSolver argmax() {
        return request -> {
            NDArray thetas = request.thetas();
            return thetas.argMax(1).oneHot(Math.toIntExact(thetas.getShape().get(1)))
                    .toType(thetas.getDataType(), false);
        };
    }

    /** 0/1 indicator of the k largest scores of each row, {@code [N, n] → [N, n]}. */
    static BatchSolver topK(int k) {
        return request -> {
            NDArray thetas = request.thetas();
            NDArray indices = thetas.topK(k, 1, true, false).get(1);
            return indices.oneHot(Math.toIntExact(thetas.getShape().get(1))).sum(new int[] {1})
                    .toType(thetas.getDataType(), false);
        };
    }

    /** One-hot indicator of the smallest score of each row, {@code [N, n] → [N, n]}. */
    static BatchSolver argmin() {
        return request -> {
            NDArray thetas = request.thetas();
            return thetas.argMin(1).oneHot(Math.toIntExact(thetas.getShape().get(1)))
                    .toType(thetas.getDataType(), false);
        };
    }

    /** The training output and dL/dθ for the loss {@code L = Σ weights ⊙ output} (weights broadcast to the output). */
    record Step(double[][] output, double[][] gradient) {}

    Step step(double[][] theta, double[][] weights) {
        return step(theta, weights, null);
    }

    /** As {@link #step(double[][], double[][])}, recording the estimator's diagnostics in {@code metrics}. */
    Step step(double[][] theta, double[][] weights, Metrics metrics) {
        return step(theta, weights, metrics, () -> {});
    }

    /**
     * As {@link #step(double[][], double[][])}, with a garbage collection between the forward and the backward pass
     * and the native memory it freed written over with NaN: a backward pass that still reads memory owned by a
     * collected Java buffer then computes NaN.
     */
    Step stepCollectingGarbage(double[][] theta, double[][] weights) {
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

    private Step step(double[][] theta, double[][] weights, Metrics metrics, Runnable betweenPasses) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray thetaArray = manager.create(theta).toType(DataType.FLOAT32, false);
            thetaArray.setRequiresGradient(true);
            NDArray output;
            try (GradientCollector collector =
                    ImleGradientCollector.wrap(Engine.getInstance().newGradientCollector(), metrics)) {
                output = forward(new ParameterStore(manager, false), new NDList(thetaArray), true).singletonOrThrow();
                betweenPasses.run();
                NDArray weightArray = manager.create(weights).toType(DataType.FLOAT32, false);
                collector.backward(output.mul(weightArray).sum());
            }
            return new Step(rows(output), rows(thetaArray.getGradient()));
        }
    }

    /** The training forward pass alone, on θ of ones of any shape: for the estimators' shape checks. */
    void trainForward(Shape thetaShape) {
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

    static final class Builder extends SolverLayer.Builder<Builder> {
        private final GradientEstimator estimator;
        private final BatchSolver solver;

        private Builder(GradientEstimator estimator, BatchSolver solver) {
            super("EstimatorTestLayer", "org.imle4j.runtime.estimator.EstimatorTestLayer#solve", -1, 0);
            this.estimator = estimator;
            this.solver = solver;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected GradientEstimator defaultEstimator() {
            return estimator;
        }

        EstimatorTestLayer build() {
            validate();
            return new EstimatorTestLayer(this, solver);
        }
    }
}

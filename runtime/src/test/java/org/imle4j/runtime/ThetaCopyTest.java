package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/** A batch solver that writes into its θ changes neither the gradient nor the caller's θ. */
class ThetaCopyTest extends ManagedTest {
    private static final float[] THETA = {0.3f, -1.2f, 2.0f, 0.1f, 0.7f, -0.4f, 1.5f, 0.2f, -0.9f, 1.1f, 0.0f, 0.6f};
    private static final float[] C = {1, -2, 0.5f, 3, 0, -1};

    /** Solves, then scribbles over θ, as a careless solver that reuses its input as scratch space would. */
    private static BatchSolver scribbling() {
        BatchSolver topK = TestSolvers.topK(2);
        return request -> {
            NDArray solutions = topK.solve(request);
            NDArray thetas = request.thetas();
            thetas.muli(Scalars.of(thetas, -50)).addi(Scalars.of(thetas, 7));
            return solutions;
        };
    }

    private TestLayer layer(BatchSolver solver) {
        return TestLayer.imle(solver).optNoise(Noise.GUMBEL).optSamples(3).optDifference(Difference.CENTRAL)
                .optLambda(0.5).build();
    }

    private float[] gradient(BatchSolver solver) {
        Engine.getInstance().setRandomSeed(42);
        NDArray theta = manager.create(THETA).reshape(2, 6);
        theta.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(layer(solver), theta);
            collector.backward(z.mul(manager.create(C)).sum());
        }
        return theta.getGradient().toFloatArray();
    }

    @Test
    void scribblingSolverLeavesTheGradientAsItIs() {
        assertArrayEquals(gradient(TestSolvers.topK(2)), gradient(scribbling()));
    }

    @Test
    void scribblingSolverLeavesTheCallersThetaAsItIs() {
        NDArray theta = manager.create(THETA).reshape(2, 6);
        NDArray solutions = Layers.infer(layer(scribbling()), theta);
        assertArrayEquals(THETA, theta.toFloatArray());
        assertArrayEquals(Layers.infer(layer(TestSolvers.topK(2)), theta).toFloatArray(), solutions.toFloatArray());
    }

    @Test
    void solverMayReturnTheThetaItWasGiven() {
        NDArray theta = manager.create(THETA).reshape(2, 6);
        TestLayer identity = TestLayer.imle(request -> request.thetas()).build();
        assertArrayEquals(THETA, Layers.infer(identity, theta).toFloatArray());
    }
}

package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolveRequest;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/**
 * A batch solver that writes into its θ changes neither the gradient nor the caller's θ, unless it declares θ
 * {@code @ReadOnly}: then it receives θ itself.
 */
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
    void generatedLayerCopiesThetaForASolverThatDoesNotDeclareItReadOnly() {
        NDArray theta = manager.create(THETA).reshape(2, 6);
        NDArray solutions = Layers.infer(CopiedTopKLayer.builder().setK(2).build(), theta);
        assertArrayEquals(THETA, theta.toFloatArray());
        assertArrayEquals(TopK.indicator(theta, 2).toFloatArray(), solutions.toFloatArray());
    }

    /**
     * Outside training the layer solves a detached view of the caller's θ, which shares its memory: a solver that
     * received it uncopied and wrote into it changes the caller's θ, so the writes show that no copy was made.
     */
    @Test
    void generatedLayerHandsAReadOnlySolverThetaItself() {
        NDArray theta = manager.create(THETA).reshape(2, 6);
        float[] expected = TopK.indicator(theta, 2).toFloatArray();
        NDArray solutions = Layers.infer(TrustedTopKLayer.builder().setK(2).build(), theta);
        assertArrayEquals(expected, solutions.toFloatArray());
        float[] scribbled = new float[THETA.length];
        for (int i = 0; i < THETA.length; i++) {
            scribbled[i] = THETA[i] * ScribblingSolvers.SCALE + ScribblingSolvers.SHIFT;
        }
        assertArrayEquals(scribbled, theta.toFloatArray());
    }

    @Test
    void keepingThetaIntactDeclaresItAndDelegatesTheRest() throws Exception {
        NDArray theta = manager.create(THETA).reshape(2, 6);
        BatchSolver delegate = new BatchSolver() {
            @Override
            public NDArray solve(SolveRequest request) {
                return request.thetas().neg();
            }

            @Override
            public boolean checksSolutions() {
                return true;
            }

            @Override
            public long threadNanos() {
                return 42;
            }
        };
        BatchSolver declared = BatchSolver.keepingThetaIntact(delegate);
        assertTrue(declared.keepsThetaIntact());
        assertFalse(delegate.keepsThetaIntact());
        assertTrue(declared.checksSolutions());
        assertEquals(42, declared.threadNanos());
        assertArrayEquals(theta.neg().toFloatArray(),
                declared.solve(new SolveRequest(theta, new NDList(), 1)).toFloatArray());
    }

    @Test
    void solverMayReturnTheThetaItWasGiven() {
        NDArray theta = manager.create(THETA).reshape(2, 6);
        TestLayer identity = TestLayer.imle(request -> request.thetas()).build();
        assertArrayEquals(THETA, Layers.infer(identity, theta).toFloatArray());
    }
}

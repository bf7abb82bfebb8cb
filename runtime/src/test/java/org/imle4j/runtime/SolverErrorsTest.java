package org.imle4j.runtime;

import static org.imle4j.runtime.testing.Failures.assertThrowsMentioning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.ServiceConfigurationError;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.InstanceSolver;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad input names the layer, the solver method and the instance. */
class SolverErrorsTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = TestLayer.IDENTITY;

    private NDArray theta;

    @BeforeEach
    void open() {
        theta = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}).reshape(3, 4);
    }

    private static TestLayer layer(InstanceSolver<float[]> solver) {
        return TestLayer.imle(ArraySolvers.floatVector(solver, IDENTITY, 1)).build();
    }

    private static <T extends Throwable> T assertNamed(Class<T> type, Executable run, String... fragments) {
        T error = assertThrowsMentioning(type, run, fragments);
        assertTrue(error.getMessage().contains("TestLayer"), error.getMessage());
        assertTrue(error.getMessage().contains("org.imle4j.runtime.testing.TestLayer#solve"), error.getMessage());
        return error;
    }

    @Test
    void thetaWithNaNNamesTheInstance() {
        NDArray bad = manager.create(new float[] {1, 2, 3, 4, 5, Float.NaN, 7, 8}).reshape(2, 4);
        assertNamed(SolverException.class,
                () -> Layers.infer(layer((t, i) -> new int[4]), bad), "instance 1", "NaN or infinite");
    }

    @Test
    void thetaWithInfinityNamesTheInstance() {
        NDArray bad = manager.create(new float[] {1, 2, 3, Float.POSITIVE_INFINITY, 5, 6, 7, 8}).reshape(2, 4);
        assertNamed(SolverException.class,
                () -> Layers.infer(layer((t, i) -> new int[4]), bad), "instance 0");
    }

    @Test
    void thetaOfTheWrongRankIsRejected() {
        NDArray cube = manager.zeros(new Shape(2, 3, 4));
        assertNamed(IllegalArgumentException.class,
                () -> Layers.infer(layer((t, i) -> new int[t.length]), cube), "rank 2", "(2, 3, 4)");
    }

    @Test
    void wrongNumberOfInputsIsRejected() {
        assertNamed(IllegalArgumentException.class,
                () -> Layers.run(layer((t, i) -> new int[t.length]), false, new NDList(theta, theta)),
                "takes 1 input(s)", "got 2");
    }

    @Test
    void solverReturningNullNamesTheInstance() {
        assertNamed(SolverException.class,
                () -> Layers.infer(layer((t, i) -> i.index() == 2 ? null : new int[4]), theta),
                "instance 2", "returned null");
    }

    @Test
    void solverReturningTheWrongLengthNamesTheInstance() {
        SolverException error = assertNamed(SolverException.class,
                () -> Layers.infer(layer((t, i) -> new int[i.index() == 1 ? 3 : 4]), theta),
                "instance 1", "returned 3 values, expected 4");
        assertEquals(1, error.getInstance());
    }

    @Test
    void solverReturningNonFiniteValuesNamesTheInstance() {
        assertNamed(SolverException.class,
                () -> Layers.infer(layer((t, i) -> new float[] {0, Float.NaN, 0, 0}), theta),
                "instance 0", "non-finite value NaN at index 1");
    }

    @Test
    void solverReturningSomethingThatIsNoSolutionIsRejected() {
        assertNamed(SolverException.class,
                () -> Layers.infer(layer((t, i) -> "top-k"), theta), "instance 0", "String");
    }

    @Test
    void solverExceptionKeepsTheCauseAndNamesTheInstance() {
        IOException cause = new IOException("license server unreachable");
        SolverException error = assertNamed(SolverException.class, () -> Layers.infer(layer((t, i) -> {
            if (i.index() == 2) {
                throw cause;
            }
            return new int[4];
        }), theta), "instance 2", "license server unreachable");
        assertSame(cause, error.getCause());
    }

    @Test
    void samplesAreLocatedByExampleAndSample() {
        TestLayer layer = TestLayer.imle(ArraySolvers.floatVector(
                        (t, i) -> i.index() == 5 ? null : new int[4], IDENTITY, 1))
                .optSamples(3)
                .build();
        try (GradientCollector collector = ImleGradientCollector.open()) {
            assertNamed(SolverException.class, () -> Layers.train(layer, theta), "instance 5 (example 1, sample 2)");
        }
    }

    @Test
    void batchSolverReturningTheWrongShapeIsRejected() {
        TestLayer layer = TestLayer.imle(request -> request.thetas().get(":, :2")).build();
        assertNamed(SolverException.class, () -> Layers.infer(layer, theta), "returned shape (3, 2)", "(3, 4)");
    }

    @Test
    void batchSolverReturningNonFiniteValuesNamesTheInstance() {
        TestLayer layer = TestLayer.imle(request -> {
            NDArray thetas = request.thetas();
            return thetas.div(thetas.sub(Scalars.of(thetas, 6)));
        }).build();
        assertNamed(SolverException.class, () -> Layers.infer(layer, theta), "instance 1", "non-finite");
    }

    @Test
    void solutionCacheIsRefusedForSolversWithExtraInputs() {
        assertNamed(IllegalArgumentException.class,
                () -> TestLayer.imle(TestSolvers.topK(1), 1, 1).optSolutionCache(0.5, 100).build(), "@Input");
    }

    @Test
    void settingsOutOfRangeAreRejectedByTheBuilder() {
        assertNamed(IllegalArgumentException.class, () -> TestLayer.imle(TestSolvers.topK(1)).optSamples(0).build(),
                "samples must be at least 1, but was 0");
        assertNamed(IllegalArgumentException.class,
                () -> TestLayer.imle(TestSolvers.topK(1)).optLambda(Double.NaN).build(), "lambda");
        assertNamed(IllegalArgumentException.class,
                () -> TestLayer.aimle(TestSolvers.topK(1)).optGradNormDecay(1.0).build(), "gradNormDecay", "[0, 1)");
        assertNamed(IllegalArgumentException.class,
                () -> TestLayer.imle(TestSolvers.topK(1)).optSolverTimeoutMillis(-1).build(),
                "solverTimeoutMillis must be at least 0, but was -1");
    }

    @Test
    void solverTimeoutOfTheLayerStopsItsCalls() {
        CountDownLatch release = new CountDownLatch(1);
        TestLayer layer = TestLayer.imle(ArraySolvers.floatVector((t, i) -> {
            release.await();
            return new int[4];
        }, IDENTITY, 0)).optSolverTimeoutMillis(50).build();
        try {
            assertNamed(SolverException.class, () -> Layers.infer(layer, theta), "timed out after 50 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void errorsOfPlainJavaSolversBecomeSolverExceptions() {
        ServiceConfigurationError cause = new ServiceConfigurationError("no provider");
        SolverException error = assertNamed(SolverException.class, () -> Layers.infer(layer((t, i) -> {
            throw cause;
        }), theta), "instance 0", "no provider");
        assertSame(cause, error.getCause());
    }

    @Test
    void errorsOfBatchSolversBecomeSolverExceptions() {
        ServiceConfigurationError cause = new ServiceConfigurationError("no provider");
        TestLayer layer = TestLayer.imle(request -> {
            throw cause;
        }).build();
        assertSame(cause, assertNamed(SolverException.class, () -> Layers.infer(layer, theta), "no provider")
                .getCause());
    }

    @Test
    void virtualMachineErrorsPassThroughUnchanged() {
        OutOfMemoryError outOfMemory = new OutOfMemoryError("solver heap");
        assertSame(outOfMemory, assertThrows(OutOfMemoryError.class, () -> Layers.infer(layer((t, i) -> {
            throw outOfMemory;
        }), theta)));
        TestLayer batch = TestLayer.imle(request -> {
            throw outOfMemory;
        }).build();
        assertSame(outOfMemory, assertThrows(OutOfMemoryError.class, () -> Layers.infer(batch, theta)));
    }

    /**
     * The solution cache passes the solver only the instances it draws to solve; a failure among them names the
     * instance's place in the layer's call (example and sample included), not its place among those drawn.
     */
    @Test
    void solverFailingBehindTheSolutionCacheNamesTheInstanceOfTheLayersCall() {
        // Each of the 32 instances of the marked example is solved with probability 1/4: none is for 0.75³² ≈ 1e-4.
        int examples = 4;
        int samples = 32;
        int marked = 2;
        AtomicBoolean armed = new AtomicBoolean();
        TestLayer layer = TestLayer.imle(ArraySolvers.floatVector((t, i) -> {
            if (armed.get() && t[0] == 99) {
                throw new IllegalStateException("no solution for instance " + i.index() + " of example "
                        + i.example());
            }
            return TopK.indicator(t, 2);
        }, IDENTITY, 1)).optNoise(Noise.NONE).optSamples(samples).optSolutionCache(0.25, 100).build();
        Engine.getInstance().setRandomSeed(5);
        float[] values = manager.randomNormal(new Shape(examples, 4)).toFloatArray();
        values[marked * 4] = 99;
        NDArray thetas = manager.create(values, new Shape(examples, 4));
        try (GradientCollector collector = ImleGradientCollector.open()) {
            Layers.train(layer, thetas);
            armed.set(true);
            SolverException error = assertNamed(SolverException.class, () -> Layers.train(layer, thetas),
                    "(example " + marked + ", sample ");
            int instance = error.getInstance();
            assertEquals(marked, instance / samples, "the failing instance is one of example " + marked + "'s");
            assertTrue(error.getMessage().contains("TestLayer (solver org.imle4j.runtime.testing.TestLayer#solve), instance "
                    + instance + " (example " + marked + ", sample " + instance % samples + "): solver threw "
                    + "java.lang.IllegalStateException: no solution for instance " + instance + " of example "
                    + marked), error.getMessage());
        }
    }
}

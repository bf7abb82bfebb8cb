package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Supplier;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.estimator.Estimators;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.imle4j.runtime.testing.TestSolvers;
import org.junit.jupiter.api.Test;

/** A batch of no examples gives an output of no rows, in training and inference, whatever the estimator. */
class EmptyBatchTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = TestLayer.IDENTITY;

    /** An estimator with a top-k solver of a structure it fits. */
    private record Case(Supplier<GradientEstimator> estimator, int k, Structure structure) {}

    private static List<Case> cases() {
        return List.of(new Case(() -> Estimators.imle(1.0), 2, Structure.K_SUBSET),
                new Case(Estimators::aimle, 2, Structure.K_SUBSET), new Case(Estimators::ste, 2, Structure.K_SUBSET),
                new Case(() -> Estimators.blackbox(1.0), 2, Structure.K_SUBSET),
                new Case(Estimators::perturbedOptimizer, 2, Structure.K_SUBSET),
                new Case(() -> Estimators.gumbelSoftmax(1.0), 1, Structure.ONE_HOT),
                new Case(() -> Estimators.relaxedTopK(2, 1.0), 2, Structure.K_SUBSET));
    }

    private void assertEmptyOutputs(TestLayer layer, String what) {
        NDArray theta = manager.zeros(new Shape(0, 5), DataType.FLOAT32);
        assertEquals(new Shape(0, 5), Layers.infer(layer, theta).getShape(), what + ", inference");
        NDArray trainable = manager.zeros(new Shape(0, 5), DataType.FLOAT32);
        trainable.setRequiresGradient(true);
        try (GradientCollector collector = ImleGradientCollector.open()) {
            NDArray z = Layers.train(layer, trainable);
            assertEquals(new Shape(0, 5), z.getShape(), what + ", training");
            collector.backward(z.sum());
        }
        assertEquals(new Shape(0, 5), trainable.getGradient().getShape(), what + ", gradient");
    }

    @Test
    void everyEstimatorGivesAnEmptyOutputForAnEmptyBatch() {
        for (Case test : cases()) {
            for (Output output : Output.values()) {
                // Gumbel noise, which every estimator works with (the perturbed optimizer needs it or Gaussian).
                TestLayer layer = TestLayer.imle(TestSolvers.topK(test.k())).optSamples(3).optOutput(output)
                        .optNoise(Noise.GUMBEL).optStructure(test.structure()).optEstimator(test.estimator())
                        .build();
                assertEmptyOutputs(layer, test.estimator().get() + ", " + output);
            }
        }
    }

    @Test
    void plainJavaSolversGiveAnEmptyOutputForAnEmptyBatch() {
        TestLayer imle = TestLayer.imle(ArraySolvers.floatVector((t, i) -> TopK.indicator(t, 2), IDENTITY, 0))
                .optSolverTimeoutMillis(1000).build();
        assertEmptyOutputs(imle, "I-MLE");
        TestLayer aimle = TestLayer.aimle(ArraySolvers.floatVector((t, i) -> TopK.indicator(t, 2), IDENTITY, 0))
                .build();
        assertEmptyOutputs(aimle, "AIMLE");
    }
}

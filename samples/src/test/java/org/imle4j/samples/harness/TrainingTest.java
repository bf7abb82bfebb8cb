package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.samples.report.Progress;
import org.junit.jupiter.api.Test;

/** EasyTrain through the harness: epochs, evaluation after each, seeded orders, and the finite-gradient stop. */
class TrainingTest {
    private static final int EXAMPLES = 64;

    /** y = 2x on 64 points of [0, 1]. */
    private static ArrayDataset line(NDManager manager, int batch, long seed) {
        float[] x = new float[EXAMPLES];
        float[] y = new float[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            x[i] = i / (float) EXAMPLES;
            y[i] = 2 * x[i];
        }
        return Training.dataset(manager.create(x, new Shape(EXAMPLES, 1)),
                new NDList(manager.create(y, new Shape(EXAMPLES, 1))), batch, seed);
    }

    @Test
    void fitRecordsEveryEpochAndEvaluatesAfterEach() {
        Training.seed(3);
        try (Model model = Model.newInstance("line", Device.cpu())) {
            model.setBlock(Linear.builder().setUnits(1).build());
            AtomicInteger evaluations = new AtomicInteger();
            try (Training training = Training.start("line", model, new L2Loss("l2", 1), Training.adam(0.05, 0),
                    Device.cpu(), Progress.start("line", 1))) {
                training.initialize(new Shape(8, 1));
                List<Training.Epoch<Integer>> epochs = training.fit(line(model.getNDManager(), 8, 5), 30,
                        evaluations::incrementAndGet);
                assertEquals(30, epochs.size());
                assertEquals(30, evaluations.get());
                for (int e = 0; e < epochs.size(); e++) {
                    assertEquals(e + 1, epochs.get(e).epoch());
                    assertEquals(e + 1, epochs.get(e).test());
                    assertTrue(epochs.get(e).seconds() > 0);
                }
                assertTrue(epochs.get(29).trainLoss() < 0.1 * epochs.get(0).trainLoss(), epochs::toString);
            }
        }
    }

    @Test
    void aNonFiniteGradientStopsTheRunNamingTheStep() {
        Training.seed(3);
        Loss poisoned = new Loss("poisoned") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray prediction = predictions.singletonOrThrow();
                return prediction.mul(Scalars.of(prediction, Float.NaN)).sum();
            }
        };
        try (Model model = Model.newInstance("nan", Device.cpu())) {
            model.setBlock(Linear.builder().setUnits(1).build());
            try (Training training = Training.start("nan run", model, poisoned, Training.adam(0.05, 0),
                    Device.cpu(), Progress.start("nan", 1))) {
                training.initialize(new Shape(8, 1));
                IllegalStateException error = assertThrows(IllegalStateException.class,
                        () -> training.fit(line(model.getNDManager(), 8, 5), 2, () -> null));
                assertTrue(error.getMessage().startsWith("nan run: epoch 1, batch 1: the gradient of [weight, bias]"),
                        error.getMessage());
                assertTrue(error.getMessage().contains("also after recomputing the step 2 times"), error.getMessage());
                assertEquals(2, training.recomputedSteps());
            }
        }
    }

    @Test
    void aStepWhoseGradientComesOutNonFiniteOnceIsRecomputedAndTrainingGoesOn() {
        Training.seed(3);
        AtomicInteger evaluations = new AtomicInteger();
        L2Loss squared = new L2Loss("l2", 1);
        Loss poisonedOnce = new Loss("poisoned once") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray loss = squared.evaluate(labels, predictions);
                // The first evaluation is the first step's forward pass: its gradient alone is NaN.
                return evaluations.incrementAndGet() == 1 ? loss.mul(Scalars.of(loss, Float.NaN)) : loss;
            }
        };
        try (Model model = Model.newInstance("once", Device.cpu())) {
            model.setBlock(Linear.builder().setUnits(1).build());
            try (Training training = Training.start("once", model, poisonedOnce, Training.adam(0.05, 0),
                    Device.cpu(), Progress.start("once", 1))) {
                training.initialize(new Shape(8, 1));
                List<Training.Epoch<Object>> epochs = training.fit(line(model.getNDManager(), 8, 5), 3, () -> null);
                assertEquals(1, training.recomputedSteps());
                assertEquals(3, epochs.size());
                for (var parameter : model.getBlock().getParameters().values()) {
                    assertTrue(Float.isFinite(parameter.getArray().sum().getFloat()), parameter.getName());
                }
                assertTrue(epochs.get(2).trainLoss() < epochs.get(0).trainLoss(), epochs::toString);
            }
        }
    }

    @Test
    void theSeedAloneDrawsEachEpochsOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = line(manager, 8, 0);
            List<List<Long>> first = orders(new SeededSampler(11), dataset);
            assertEquals(first, orders(new SeededSampler(11), dataset));
            assertNotEquals(first.get(0), first.get(1));
            for (List<Long> order : first) {
                assertEquals(LongStream.range(0, EXAMPLES).boxed().toList(), order.stream().sorted().toList());
            }
        }
    }

    private static List<List<Long>> orders(SeededSampler sampler, ArrayDataset dataset) {
        List<List<Long>> orders = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Long> order = new ArrayList<>();
            sampler.sample(dataset).forEachRemaining(order::add);
            orders.add(order);
        }
        Set<List<Long>> distinct = new HashSet<>(orders);
        assertEquals(3, distinct.size());
        return orders;
    }
}

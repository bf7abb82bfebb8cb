package org.imle4j.ortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.solve.SolverException;
import org.junit.jupiter.api.Test;

/** The generated OR-Tools layers: solver failures as named errors, and training end to end. */
class KnapsackLayersTest {
    private static final int ITEMS = 8;
    private static final int FEATURES = 4;
    private static final int BATCH = 6;
    private static final int[][] WEIGHTS = {{3, 5, 4, 6, 2, 7, 5, 3}, {6, 2, 5, 3, 4, 2, 6, 5}};
    private static final int[] CAPACITIES = {14, 13};

    private static NDArray infer(Block block, NDArray theta) {
        return block.forward(new ParameterStore(theta.getManager(), false), new NDList(theta), false)
                .singletonOrThrow();
    }

    @Test
    void anInfeasibleInstanceFailsTheCallNamingLayerMethodAndInstance() {
        KnapsackMipLayer layer = KnapsackMipLayer.builder().setSolver(new KnapsackMip()).setWeights(WEIGHTS)
                .setCapacities(new int[] {14, -1}).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray theta = manager.ones(new Shape(2, ITEMS));
            SolverException error = assertThrows(SolverException.class, () -> infer(layer, theta));
            assertTrue(error.getMessage().contains("KnapsackMipLayer"), error.getMessage());
            assertTrue(error.getMessage().contains("org.imle4j.ortools.KnapsackMip#select"), error.getMessage());
            assertTrue(error.getMessage().contains("instance"), error.getMessage());
            assertTrue(error.getInstance() >= 0, "the failing instance is named");
            assertInstanceOf(IllegalStateException.class, error.getCause());
        }
    }

    @Test
    void aTimedOutSolveFailsTheCallInsteadOfReturningItsSelection() {
        Random random = new Random(5);
        int n = 300;
        int[][] weights = new int[5][n];
        int[] capacities = new int[5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < n; j++) {
                weights[i][j] = 100 + random.nextInt(901);
                capacities[i] += weights[i][j] / 2;
            }
        }
        float[] values = new float[n];
        for (int j = 0; j < n; j++) {
            for (int[] row : weights) {
                values[j] += row[j] / 5f;
            }
            values[j] += 50 * (float) random.nextDouble();
        }
        KnapsackCpSatLayer layer = KnapsackCpSatLayer.builder().setSolver(new KnapsackCpSat(1)).setWeights(weights)
                .setCapacities(capacities).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray theta = manager.create(values).reshape(1, n);
            SolverException error = assertThrows(SolverException.class, () -> infer(layer, theta));
            assertTrue(error.getMessage().contains("KnapsackCpSatLayer"), error.getMessage());
            assertInstanceOf(TimeoutException.class, error.getCause());
        }
    }

    @Test
    void aLinearModelThroughTheMipLayerLearnsTheOptimalSelections() {
        trainsEndToEnd(KnapsackMipLayer.builder().setSolver(new KnapsackMip()).setWeights(WEIGHTS)
                .setCapacities(CAPACITIES).optOutput(Output.MEAN).optSamples(2).build());
    }

    @Test
    void aLinearModelThroughTheCpSatLayerLearnsTheOptimalSelections() {
        trainsEndToEnd(KnapsackCpSatLayer.builder().setSolver(new KnapsackCpSat()).setWeights(WEIGHTS)
                .setCapacities(CAPACITIES).optOutput(Output.MEAN).optSamples(2).build());
    }

    /**
     * Targets are the optimal selections for costs linear in the features; 25 full-batch SGD steps on the squared
     * error between the layer's mean selection and the target leave the model's selections closer to the targets
     * (Hamming distance over the batch) than they were, with every parameter finite. Seeds are fixed, and both
     * solvers return proven optima, so the run is deterministic.
     */
    private static void trainsEndToEnd(Block layer) {
        Engine.getInstance().setRandomSeed(3);
        Random random = new Random(3);
        float[][] features = new float[BATCH][FEATURES];
        float[][] targets = new float[BATCH][];
        float[][] map = new float[FEATURES][ITEMS];
        for (float[] row : map) {
            for (int j = 0; j < ITEMS; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        KnapsackMip oracle = new KnapsackMip();
        for (int b = 0; b < BATCH; b++) {
            float[] costs = new float[ITEMS];
            for (int k = 0; k < FEATURES; k++) {
                features[b][k] = (float) random.nextGaussian();
                for (int j = 0; j < ITEMS; j++) {
                    costs[j] += features[b][k] * map[k][j];
                }
            }
            try {
                int[] z = oracle.select(costs, WEIGHTS, CAPACITIES);
                targets[b] = new float[ITEMS];
                for (int j = 0; j < ITEMS; j++) {
                    targets[b][j] = z[j];
                }
            } catch (TimeoutException e) {
                throw new AssertionError("no time limit was set", e);
            }
        }
        Linear linear = Linear.builder().setUnits(ITEMS).build();
        try (Model model = Model.newInstance("ortools-knapsack")) {
            model.setBlock(new SequentialBlock().add(linear).add(layer));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new L2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(BATCH, FEATURES));
                NDManager manager = model.getNDManager();
                NDArray x = manager.create(features);
                NDArray y = manager.create(targets);
                double before = hamming(model.getBlock(), x, y);
                for (int step = 0; step < 25; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                    }
                    trainer.step();
                }
                double after = hamming(model.getBlock(), x, y);
                assertTrue(after < before, "Hamming distance to the optimal selections " + before + " → " + after);
                for (var parameter : model.getBlock().getParameters()) {
                    NDArray value = parameter.getValue().getArray();
                    assertEquals(0, value.isNaN().logicalOr(value.isInfinite()).sum().getLong(),
                            parameter.getKey() + " is not finite");
                }
            }
        }
    }

    private static double hamming(Block block, NDArray x, NDArray y) {
        return infer(block, x).sub(y).abs().sum().getFloat();
    }
}
